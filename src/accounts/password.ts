import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (19 MiB, 2 passes). */
export const hashPassword = (password: string): Promise<string> => hash(password);

export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

export const MIN_PASSWORD_LENGTH = 8;

/** Problems with a new password (Vietnamese), empty when it is acceptable. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự`);
  if (password.length > 200) problems.push('mật khẩu dài tối đa 200 ký tự');
  if (password.toLowerCase() === username.toLowerCase()) problems.push('mật khẩu không được trùng tên đăng nhập');
  return problems;
}
