import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import { IdParam } from '../common/params.js';
import { AccountsService } from './accounts.service.js';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserResponse } from './dto/accounts.dto.js';

@ApiTags('Tài khoản (users)')
@ApiBearerAuth()
@Controller('api/users')
@Allow('admin')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách tài khoản' })
  @ApiResult(UserResponse, { isArray: true, errors: [] })
  list(): Promise<UserResponse[]> {
    return this.accounts.list();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Tạo tài khoản' })
  @ApiResult(UserResponse, { status: 201, errors: [400, 409] })
  create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.accounts.create(dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một tài khoản' })
  @ApiResult(UserResponse)
  get(@IdParam('id') id: number): Promise<UserResponse> {
    return this.accounts.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Sửa tài khoản: tên hiển thị, vai trò, cụm phụ trách, khóa/mở' })
  @ApiResult(UserResponse, { errors: [400, 404] })
  update(@IdParam('id') id: number, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.accounts.update(id, dto);
  }

  @Post(':id/reset-password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Đặt lại mật khẩu (các phiên của người dùng bị hủy)' })
  async resetPassword(@IdParam('id') id: number, @Body() dto: ResetPasswordDto): Promise<void> {
    await this.accounts.resetPassword(id, dto.newPassword);
  }
}
