"use server";

// Every admin mutation, as a server action. Each one is built by authorizedAction, which checks the
// session, the admin role (read fresh) and the input schema before the use case runs; the use case
// writes its audit entry in the same transaction as the change.
import "server-only";
import { authorizedAction } from "@/lib/server/auth/action";
import { renameModel } from "@/lib/server/admin/rename-model";
import { setModelStatus } from "@/lib/server/admin/set-model-status";
import { adminCreateUser } from "@/lib/server/users/admin-create-user";
import { changeUserRole } from "@/lib/server/users/change-user-role";
import { setUserDisabled } from "@/lib/server/users/set-user-disabled";
import { setUserLanguages } from "@/lib/server/users/set-user-languages";
import { createCampaign, updateCampaign } from "@/lib/server/campaigns/save-campaign";
import { setCampaignActive } from "@/lib/server/campaigns/set-campaign-active";
import { saveCampaignGuidance } from "@/lib/server/campaigns/campaign-guidance";
import { campaignGuidanceSchema } from "@/lib/validation/reason-flags";
import { setLivePromptCategory } from "@/lib/server/live/live-prompts";
import { livePromptCategorySchema } from "@/lib/validation/live";
import {
  adminCreateUserSchema,
  changeRoleSchema,
  createCampaignSchema,
  renameModelSchema,
  setCampaignActiveSchema,
  setDisabledSchema,
  setLanguagesSchema,
  setModelStatusSchema,
  updateCampaignSchema,
} from "@/lib/validation/admin";
import { audiences } from "@/lib/validation/auth";

export const renameModelAction = authorizedAction(audiences.admin, renameModelSchema, ({ user, input }) => renameModel(user.id, input));
export const setModelStatusAction = authorizedAction(audiences.admin, setModelStatusSchema, ({ user, input }) => setModelStatus(user.id, input));

export const createUserAction = authorizedAction(audiences.admin, adminCreateUserSchema, ({ user, input }) => adminCreateUser(user.id, input));
export const changeUserRoleAction = authorizedAction(audiences.admin, changeRoleSchema, ({ user, input }) => changeUserRole(user.id, input));
export const setUserLanguagesAction = authorizedAction(audiences.admin, setLanguagesSchema, ({ user, input }) => setUserLanguages(user.id, input));
export const setUserDisabledAction = authorizedAction(audiences.admin, setDisabledSchema, ({ user, input }) => setUserDisabled(user.id, input));

export const createCampaignAction = authorizedAction(audiences.admin, createCampaignSchema, ({ user, input }) => createCampaign(user.id, input));
export const updateCampaignAction = authorizedAction(audiences.admin, updateCampaignSchema, ({ user, input }) => updateCampaign(user.id, input));
export const setCampaignActiveAction = authorizedAction(audiences.admin, setCampaignActiveSchema, ({ user, input }) => setCampaignActive(user.id, input));
export const updateCampaignGuidanceAction = authorizedAction(audiences.admin, campaignGuidanceSchema, ({ user, input }) => saveCampaignGuidance(user.id, input));
export const setLivePromptCategoryAction = authorizedAction(audiences.admin, livePromptCategorySchema, ({ user, input }) => setLivePromptCategory(user.id, input));
