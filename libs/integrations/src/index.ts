export * from './integration.entity';
