import { REPORTING_VIEWS } from '#lb/reporting';
import type { ReportingViewResponse } from './reporting.responses';

/** The views and their columns, as documented: without the SQL behind them. */
export function describeViews(): ReportingViewResponse[] {
  return REPORTING_VIEWS.map(({ name, description, perIntegration, columns }) => ({
    name,
    description,
    perIntegration,
    columns: columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
  }));
}
