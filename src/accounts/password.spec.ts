import { describe, expect, it } from '@jest/globals';
import { hashPassword, passwordProblems, verifyPassword } from './password.js';

describe('passwords', () => {
  it('stores an Argon2id hash that verifies the password and nothing else', async () => {
    const stored = await hashPassword('mật khẩu đủ dài');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain('mật khẩu');
    expect(await verifyPassword(stored, 'mật khẩu đủ dài')).toBe(true);
    expect(await verifyPassword(stored, 'mật khẩu khác')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it.each([
    ['short', 'an', ['mật khẩu cần ít nhất 8 ký tự']],
    ['same as the username', 'thuky.cum5', ['mật khẩu không được trùng tên đăng nhập']],
    ['acceptable', 'ThiDua@2021!', []],
  ])('a %s password', (_name, password, problems) => {
    expect(passwordProblems(password, 'thuky.cum5')).toEqual(problems);
  });
});
