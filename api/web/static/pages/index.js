// The pages added for issue 23, registered into app.js's PAGES. Each receives the shared
// context app.js owns (its api() with the signed-in user's credentials, message() and
// authHeaders() for downloads), so sign-in can change without touching these pages.

import { editPage } from "./edit.js";
import { staffListsPage } from "./staff-lists.js";
import { surveyAdminPage } from "./survey-admin.js";

export function registerPages(pages, ctx) {
  pages.redigera = editPage(ctx);
  pages.enkat = surveyAdminPage(ctx);
  pages.listor = staffListsPage(ctx);
}
