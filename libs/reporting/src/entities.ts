import { ReportingKey } from './reporting-key.entity';

// The tables of reporting access: the product's entity list loads these.
export const REPORTING_ENTITIES: Array<new () => object> = [ReportingKey];
