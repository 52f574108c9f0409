export * from './anomaly.entities';
export * from './anomaly-inbox.service';
export { DUPLICATE_PROPOSAL, screenAnomalies, screensAnomalies } from './anomaly-screen';
export type { DocFacts, Finding } from './detectors';
