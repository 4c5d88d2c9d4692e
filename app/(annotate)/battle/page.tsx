import { getTranslations } from "next-intl/server";
import { BattleArena } from "@/components/battle/battle-arena";
import { guardPage } from "@/lib/server/auth/page-guard";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { getAnnotatorProgress } from "@/lib/server/quality/get-annotator-progress";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("battle");
  return { title: t("title") };
}

export default async function BattlePage() {
  const { user } = await guardPage(audiences["signed-in"], "/battle");
  const [battle, progress] = await Promise.all([
    issueBattle(user),
    // Progress is a courtesy: if it fails, the battle still shows.
    getAnnotatorProgress(user.id).catch(() => null),
  ]);
  return <BattleArena initialBattle={battle} initialProgress={progress} />;
}
