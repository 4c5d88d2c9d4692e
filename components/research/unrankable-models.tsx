"use client";

import { useLocale, useTranslations } from "next-intl";
import { numberLocale } from "@/lib/i18n/format";
import type { LeaderboardEntry } from "@/lib/server/research/leaderboard-payload";
import { Card, DataTable, DataTableBody, DataTableHead, Td, Th } from "@/components/ui";

// Models without a finite rating, listed apart with their counts and the reason, so they are visible
// without moving any rated model's numbers.
export function UnrankableModels({ entries }: { entries: LeaderboardEntry[] }) {
  const t = useTranslations("ratings");
  const tl = useTranslations("leaderboard");
  const nf = new Intl.NumberFormat(numberLocale(useLocale()));
  return (
    <section className="space-y-2" data-testid="unrankable-models">
      <div>
        <h2 className="font-semibold">{t("unrankableTitle")}</h2>
        <p className="text-sm text-slate-600">{t("unrankableLead")}</p>
      </div>
      <Card>
        <DataTable>
          <DataTableHead>
            <Th>{tl("model")}</Th>
            <Th align="end">{tl("votes")}</Th>
            {/* Wins, losses and ties share one column, and headers and names wrap: the table fits a 390 px phone. */}
            <Th align="end" className="whitespace-normal">{`${t("wins")} / ${t("losses")} / ${t("ties")}`}</Th>
            <Th className="whitespace-normal">{t("reasonColumn")}</Th>
          </DataTableHead>
          <DataTableBody>
            {entries.map((e) => (
              <tr key={e.model} data-model={e.model} data-reason={e.reason ?? ""}>
                <Td className="min-w-20 whitespace-normal font-medium [overflow-wrap:anywhere]" dir="auto">{e.displayName}</Td>
                <Td align="end">{nf.format(e.votes)}</Td>
                <Td align="end" ltr className="whitespace-nowrap">{`${nf.format(e.wins)} / ${nf.format(e.losses)} / ${nf.format(e.ties)}`}</Td>
                <Td className="whitespace-normal text-slate-600">{e.reason ? t(`reason.${e.reason}`) : ""}</Td>
              </tr>
            ))}
          </DataTableBody>
        </DataTable>
      </Card>
    </section>
  );
}
