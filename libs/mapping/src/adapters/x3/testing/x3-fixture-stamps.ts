/** The create and update stamps every fixture record carries. */
export const stamps = { _createStamp: '2026-11-02T09:00:00.000Z', _updateStamp: '2026-11-05T10:15:00.000Z' };
