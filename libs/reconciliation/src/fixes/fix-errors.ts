/** The difference's fix is not one the sync can carry out: an accountant makes it in Xero or X3. */
export class FixNotAutomaticError extends Error {}

/** What the approval gave for the fix (an entry's value) is refused; nothing was changed. */
export class FixInputError extends Error {}
