export * from './next-run';
export * from './recon-schedule.entity';
export * from './recon-schedules.service';
