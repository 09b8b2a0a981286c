import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/module/index.ts';
import { configureStepUpWindow, requireRecentSecondFactor, STEP_UP_SECONDS, stepUpWindowSeconds } from './two-factor.service.ts';

const now = new Date('2026-12-07T03:00:00Z');
const gaveCode = (secondsAgo: number): Actor => ({ accountId: 'a', kind: 'official', displayName: 'x', agencyCode: 'y', roles: [], secondFactorAt: new Date(now.getTime() - secondsAgo * 1000).toISOString() });

describe('the step-up window', () => {
  afterEach(() => configureStepUpWindow(STEP_UP_SECONDS));

  it('is five minutes by default', () => {
    expect(stepUpWindowSeconds()).toBe(300);
    expect(() => requireRecentSecondFactor(gaveCode(299), now)).not.toThrow();
    expect(() => requireRecentSecondFactor(gaveCode(301), now)).toThrow(expect.objectContaining({ code: 'identity.step_up_required' }));
  });

  it('follows the configured window (STEP_UP_SECONDS)', () => {
    configureStepUpWindow(60);
    expect(() => requireRecentSecondFactor(gaveCode(59), now)).not.toThrow();
    expect(() => requireRecentSecondFactor(gaveCode(61), now)).toThrow(expect.objectContaining({ code: 'identity.step_up_required' }));
    expect(() => configureStepUpWindow(0)).toThrow(RangeError);
  });
});
