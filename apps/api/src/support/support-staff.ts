import { Request } from 'express';
import { StaffIdentity } from '#lb/accounts';

/** The signed-in staff member (the route is @StaffOnly: the access guard has checked the session). */
export const staffOf = (req: Request): StaffIdentity => ({
  staffId: req.session.staff!.staffId,
  email: req.session.staff!.email,
});
