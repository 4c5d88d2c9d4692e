-- Sessions ended by signing out (their cookies stop working at once, copies included).
CREATE TABLE "revoked_sessions" (
    "sid" UUID NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "revoked_sessions_pkey" PRIMARY KEY ("sid")
);

CREATE INDEX "revoked_sessions_expires_at_idx" ON "revoked_sessions"("expires_at");
