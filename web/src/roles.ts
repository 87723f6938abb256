// What each role may do on the page, beyond what the API's answers show: the quote tool is offered to the
// roles POST /api/quotes admits (test/web/roles.test.ts checks this against the API's OpenAPI document).
import type { Role } from '../../api/context.js';

export const MAY_QUOTE: Readonly<Record<Role, boolean>> = { operator: true, commercial: true, planner: false, viewer: false };
