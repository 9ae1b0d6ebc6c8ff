import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IdListField, OneOfField, TextField } from '../../common/validation.js';
import { ROLES, type Role } from '../user-account.entity.js';

/** A password is never trimmed or transformed. */
const PasswordField = (description: string): PropertyDecorator => {
  const decorators = [
    IsString({ message: 'phải là chuỗi ký tự' }),
    MinLength(1, { message: 'không được để trống' }),
    MaxLength(200, { message: 'dài tối đa 200 ký tự' }),
    ApiProperty({ description, format: 'password' }),
  ];
  return (target, key) => decorators.forEach((decorator) => decorator(target, key));
};

export class LoginDto {
  @TextField({ maxLength: 60, example: 'admin' })
  username: string;

  @PasswordField('Mật khẩu')
  password: string;
}

export class ChangePasswordDto {
  @PasswordField('Mật khẩu hiện tại')
  currentPassword: string;

  @PasswordField('Mật khẩu mới (ít nhất 8 ký tự)')
  newPassword: string;
}

export class ResetPasswordDto {
  @PasswordField('Mật khẩu mới (ít nhất 8 ký tự); người dùng nên đổi lại sau khi đăng nhập')
  newPassword: string;
}

export class CreateUserDto {
  @TextField({ maxLength: 60, example: 'thuky.cum5' })
  username: string;

  @TextField({ maxLength: 255, example: 'Nguyễn Văn A' })
  displayName: string;

  @OneOfField(ROLES)
  role: Role;

  @PasswordField('Mật khẩu ban đầu (ít nhất 8 ký tự)')
  password: string;

  @IdListField({ optional: true, maxItems: 500, description: 'Các cụm/khối mà thư ký phụ trách.' })
  clusterIds?: number[] | null;
}

export class UpdateUserDto {
  @TextField({ maxLength: 255, optional: true, notNull: true })
  displayName?: string;

  @OneOfField(ROLES, { optional: true, notNull: true })
  role?: Role;

  @IdListField({ optional: true, maxItems: 500 })
  clusterIds?: number[] | null;

  @IsOptional()
  @IsBoolean({ message: 'phải là true hoặc false' })
  @ApiProperty({ required: false, description: 'false: khóa tài khoản (mọi phiên đăng nhập bị hủy).' })
  active?: boolean;
}

export class UserResponse {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() roleLabel: string;
  @ApiProperty({ type: [Number] }) clusterIds: number[];
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'Gửi trong tiêu đề Authorization: Bearer <token>.' }) token: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

export class SessionResponse {
  @ApiProperty({ description: 'Gửi trong tiêu đề X-CSRF-Token với mọi yêu cầu ghi dùng cookie phiên.' })
  csrfToken: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}
