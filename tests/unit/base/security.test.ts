import { hashPassword, isHashed, verifyPassword } from '../../../addons/base/security/password';
import { LoginThrottle } from '../../../addons/base/security/throttle';

describe('password hashing', () => {
  test('scrypt hash, salted, verifies only the right password', async () => {
    const a = await hashPassword('s3cret');
    const b = await hashPassword('s3cret');
    expect(a).toMatch(/^scrypt\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(isHashed(a)).toBe(true);
    expect(isHashed('s3cret')).toBe(false);
    expect(await verifyPassword('s3cret', a)).toBe(true);
    expect(await verifyPassword('s3cret', b)).toBe(true);
    expect(await verifyPassword('S3cret', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  test('missing or malformed stored hashes never verify', async () => {
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', undefined)).toBe(false);
    expect(await verifyPassword('x', '')).toBe(false);
    expect(await verifyPassword('x', 'x')).toBe(false);
    expect(await verifyPassword('x', 'md5$1$abc$def')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$16384$$')).toBe(false);
    expect(await verifyPassword(undefined as unknown as string, await hashPassword('x'))).toBe(false);
  });
});

describe('login throttle', () => {
  const A = '203.0.113.7';
  const B = '198.51.100.9';

  test('blocks a (login, address) pair after N failures within the window, until the window passes', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ perClient: 3, windowMs: 60_000 }, () => now);
    expect(throttle.isBlocked('admin', A)).toBe(false);
    throttle.recordFailure('admin', A);
    throttle.recordFailure('admin', A);
    expect(throttle.isBlocked('admin', A)).toBe(false);
    throttle.recordFailure('admin', A);
    expect(throttle.verdict('admin', A)).toBe('client');
    expect(throttle.isBlocked('someone', A)).toBe(false);
    now += 59_000;
    expect(throttle.isBlocked('admin', A)).toBe(true);
    now += 2_000;
    expect(throttle.isBlocked('admin', A)).toBe(false);
  });

  test("an attacker's failures from one address do not lock the user out from another", () => {
    const throttle = new LoginThrottle({ perClient: 3 }, () => 0);
    for (let i = 0; i < 10; i++) throttle.recordFailure('admin', A);
    expect(throttle.isBlocked('admin', A)).toBe(true);
    expect(throttle.isBlocked('admin', B)).toBe(false);
  });

  test('the per-login ceiling stops a distributed attack, except from addresses the user logged in from', () => {
    let now = 0;
    const throttle = new LoginThrottle({ perClient: 3, ceiling: 20, windowMs: 60_000 }, () => now);
    throttle.recordSuccess('admin', B);
    for (let i = 0; i < 20; i++) throttle.recordFailure('admin', `10.0.0.${i}`);
    expect(throttle.verdict('admin', '10.0.1.1')).toBe('login');
    expect(throttle.verdict('admin', B)).toBe('allowed');
    expect(throttle.verdict('other', '10.0.1.1')).toBe('allowed');
    now = 61_000;
    expect(throttle.verdict('admin', '10.0.1.1')).toBe('allowed');
  });

  test('failures slide out of the window one by one', () => {
    let now = 0;
    const throttle = new LoginThrottle({ perClient: 2, windowMs: 1_000 }, () => now);
    throttle.recordFailure('u', A);
    now = 600;
    throttle.recordFailure('u', A);
    expect(throttle.isBlocked('u', A)).toBe(true);
    now = 1_001;
    expect(throttle.isBlocked('u', A)).toBe(false);
    throttle.recordFailure('u', A);
    expect(throttle.isBlocked('u', A)).toBe(true);
  });

  test("a success clears the address's failures", () => {
    const throttle = new LoginThrottle({ perClient: 2 }, () => 0);
    throttle.recordFailure('u', A);
    throttle.recordSuccess('u', A);
    throttle.recordFailure('u', A);
    expect(throttle.isBlocked('u', A)).toBe(false);
  });
});
