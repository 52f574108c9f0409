/** The overview picker's value for every integration together. */
export const ALL_INTEGRATIONS = 'all';

/** `?integration=` when given, else all of them when there are several, else the only one. */
export function dashboardChoice(integrationIds: string[], asked: string | null): string | undefined {
  return asked ?? (integrationIds.length > 1 ? ALL_INTEGRATIONS : integrationIds[0]);
}
