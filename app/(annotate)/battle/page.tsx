import { getTranslations } from "next-intl/server";
import { BattleArena } from "@/components/battle/battle-arena";
import { guardPage } from "@/lib/server/auth/page-guard";
import { issueBattle } from "@/lib/server/battles/issue-battle";

export async function generateMetadata() {
  const t = await getTranslations("battle");
  return { title: t("title") };
}

export default async function BattlePage() {
  const { user } = await guardPage(["annotator", "researcher", "admin"], "/battle");
  const battle = await issueBattle(user);
  return <BattleArena initialBattle={battle} />;
}
