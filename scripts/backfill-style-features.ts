// Fills the style features of responses stored before they existed (style_tokens IS NULL). `npm start` runs it
// after applying migrations; safe to run again (`npm run db:backfill-style`): rows that have features are skipped.
import { closeDb, db } from "@/lib/db";
import { backfillStyleFeatures } from "@/lib/server/import/style-features";

backfillStyleFeatures(db)
  .then((filled) => {
    if (filled > 0) console.log(`Style features computed for ${filled} responses`);
  })
  .catch((error) => {
    console.error(`Style features backfill failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
