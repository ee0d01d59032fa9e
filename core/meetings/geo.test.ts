import { describe, expect, it } from 'vitest';
import { distanceM } from './geo';
import { stepAt, tokenFor, TOKEN_STEP_MS, verifyToken } from './qr-token';

describe('distanceM', () => {
  it('measures known distances', () => {
    // One arc-minute of latitude is one nautical mile.
    expect(distanceM({ lat: 30, lng: 120 }, { lat: 30 + 1 / 60, lng: 120 })).toBeCloseTo(1853.2, 0);
    // Tiananmen to the Forbidden City's north gate, about 1.5 km.
    expect(distanceM({ lat: 39.9087, lng: 116.3975 }, { lat: 39.9225, lng: 116.3971 })).toBeGreaterThan(1400);
    expect(distanceM({ lat: 39.9087, lng: 116.3975 }, { lat: 39.9087, lng: 116.3975 })).toBe(0);
  });
});

describe('rotating QR tokens', () => {
  const now = 1_795_579_200_000;
  it('accept this step and the one before, nothing older or newer', () => {
    const step = stepAt(now);
    expect(verifyToken('s', 'm1', tokenFor('s', 'm1', step), now)).toBe(true);
    expect(verifyToken('s', 'm1', tokenFor('s', 'm1', step - 1), now)).toBe(true);
    expect(verifyToken('s', 'm1', tokenFor('s', 'm1', step - 2), now)).toBe(false);
    expect(verifyToken('s', 'm1', tokenFor('s', 'm1', step + 1), now)).toBe(false);
    expect(verifyToken('s', 'm2', tokenFor('s', 'm1', step), now)).toBe(false);
    expect(verifyToken('other', 'm1', tokenFor('s', 'm1', step), now)).toBe(false);
    expect(verifyToken('s', 'm1', 'short', now)).toBe(false);
  });
  it('changes every 15 seconds', () => {
    expect(tokenFor('s', 'm', stepAt(now))).not.toBe(tokenFor('s', 'm', stepAt(now + TOKEN_STEP_MS)));
  });
});
