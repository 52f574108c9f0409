export * from './audit-trail';
export * from './entities';
export * from './invitations.service';
export * from './members.service';
export * from './passwords';
export * from './sign-in.service';
export * from './staff.service';
export * from './support.service';
