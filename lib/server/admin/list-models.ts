import "server-only";
import { db } from "@/lib/db";
import type { ModelStatus } from "@/lib/validation/admin";

export type ModelRow = {
  id: string;
  key: string;
  displayName: string;
  status: ModelStatus;
  responses: number;
  votes: number;
  createdAt: Date;
};

// Every model with how many responses it has and how many votes it took part in (as A or B).
export async function listModels(): Promise<ModelRow[]> {
  const rows = await db.$queryRaw<
    { id: string; key: string; display_name: string; hidden: boolean; retired: boolean; created_at: Date; responses: bigint; votes: bigint }[]
  >`
    SELECT m.id, m.key, m.display_name, m.hidden, m.retired, m.created_at,
      (SELECT count(*) FROM responses r WHERE r.model_id = m.id) AS responses,
      (SELECT count(*) FROM votes v WHERE v.model_a_id = m.id) + (SELECT count(*) FROM votes v WHERE v.model_b_id = m.id) AS votes
    FROM models m
    ORDER BY m.retired, m.hidden, m.display_name`;
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    displayName: r.display_name,
    status: modelStatus(r),
    responses: Number(r.responses),
    votes: Number(r.votes),
    createdAt: r.created_at,
  }));
}

export function modelStatus(model: { hidden: boolean; retired: boolean }): ModelStatus {
  return model.retired ? "retired" : model.hidden ? "hidden" : "active";
}
