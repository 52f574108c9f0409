import type { Role } from '../../api/types';

/** A role as people read it, capitalised the same everywhere (the api's values are lower case). */
export const ROLE_NAME: Record<Role, string> = { owner: 'Owner', admin: 'Admin', viewer: 'Viewer' };

/** Unknown values (a newer api) are shown capitalised rather than dropped. */
export const roleName = (role: string): string =>
  (ROLE_NAME as Record<string, string>)[role] ?? role.charAt(0).toUpperCase() + role.slice(1);
