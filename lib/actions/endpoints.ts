"use server";

// Model endpoints (admin only): attach or change, remove, test the connection.
import "server-only";
import { authorizedAction } from "@/lib/server/auth/action";
import { deleteEndpoint, saveEndpoint } from "@/lib/server/endpoints/save-endpoint";
import { testEndpoint } from "@/lib/server/endpoints/test-endpoint";
import { endpointModelSchema, saveEndpointSchema } from "@/lib/validation/endpoints";
import { audiences } from "@/lib/validation/auth";

export const saveEndpointAction = authorizedAction(audiences.admin, saveEndpointSchema, ({ user, input }) => saveEndpoint(user.id, input));
export const deleteEndpointAction = authorizedAction(audiences.admin, endpointModelSchema, ({ user, input }) => deleteEndpoint(user.id, input));
export const testEndpointAction = authorizedAction(audiences.admin, endpointModelSchema, ({ input }) => testEndpoint(input));
