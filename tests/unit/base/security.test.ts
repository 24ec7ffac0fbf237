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
  test('blocks a login after N failures within the window, per login, until the window passes', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(3, 60_000, () => now);
    expect(throttle.isBlocked('admin')).toBe(false);
    throttle.recordFailure('admin');
    throttle.recordFailure('admin');
    expect(throttle.isBlocked('admin')).toBe(false);
    throttle.recordFailure('admin');
    expect(throttle.isBlocked('admin')).toBe(true);
    expect(throttle.isBlocked('someone')).toBe(false);
    now += 59_000;
    expect(throttle.isBlocked('admin')).toBe(true);
    now += 2_000;
    expect(throttle.isBlocked('admin')).toBe(false);
  });

  test('failures slide out of the window one by one', () => {
    let now = 0;
    const throttle = new LoginThrottle(2, 1_000, () => now);
    throttle.recordFailure('u');
    now = 600;
    throttle.recordFailure('u');
    expect(throttle.isBlocked('u')).toBe(true);
    now = 1_001;
    expect(throttle.isBlocked('u')).toBe(false);
    throttle.recordFailure('u');
    expect(throttle.isBlocked('u')).toBe(true);
  });

  test('a success clears the failures', () => {
    const throttle = new LoginThrottle(2, 60_000, () => 0);
    throttle.recordFailure('u');
    throttle.recordSuccess('u');
    throttle.recordFailure('u');
    expect(throttle.isBlocked('u')).toBe(false);
  });
});
