import { devMailViewerEnabled } from './dev-mailbox';

describe('the development mail viewer', () => {
  it('is there in development and tests, never in production', () => {
    expect(devMailViewerEnabled('development')).toBe(true);
    expect(devMailViewerEnabled('test')).toBe(true);
    expect(devMailViewerEnabled('production')).toBe(false);
    expect(devMailViewerEnabled('')).toBe(false);
  });
});
