// The pages added for issue 23, registered into app.js's PAGES. Each receives the shared
// context app.js owns (its api() with the signed-in user's credentials, message() and
// authHeaders() for downloads), so sign-in can change without touching these pages.

import { adminPage } from "./admin.js";
import { editPage } from "./edit.js";
import { recruitmentPage } from "./recruitment.js";
import { staffListsPage } from "./staff-lists.js";
import { surveyAdminPage } from "./survey-admin.js";

export function registerPages(pages, ctx) {
  pages.rekrytering = recruitmentPage(ctx);
  pages.admin = adminPage(ctx); // before Redigera: an admin's first page
  pages.redigera = editPage(ctx);
  pages.enkat = surveyAdminPage(ctx);
  pages.listor = staffListsPage(ctx);
}
