export * from './principal';
export * from './route-access';
