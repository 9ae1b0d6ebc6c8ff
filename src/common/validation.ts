/**
 * Composite validation decorators with Vietnamese messages and OpenAPI metadata, so that a DTO
 * field is one line, and the ValidationPipe that turns failures into the API's error shape.
 */
import { applyDecorators, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  ValidateIf,
  ArrayMaxSize,
  IsObject,
} from 'class-validator';
import { AppException, type FieldErrors } from './app-exception.js';

interface FieldOptions {
  /** May be omitted or null (blank text counts as null). */
  optional?: boolean;
  /** With optional: may be omitted, but not null or blank (a PATCH of a required field). */
  notNull?: boolean;
  description?: string;
  example?: unknown;
}

const optionalDecorators = (options: FieldOptions): PropertyDecorator[] =>
  !options.optional
    ? []
    : options.notNull
      ? [ValidateIf((_object: object, value: unknown) => value !== undefined)]
      : [IsOptional()];

const api = (options: FieldOptions, extra: Record<string, unknown>): PropertyDecorator =>
  ApiProperty({
    required: !options.optional,
    nullable: (options.optional ?? false) && !options.notNull,
    description: options.description,
    example: options.example,
    ...extra,
  });

/** A string, trimmed; required ones may not be blank. */
export function TextField(options: FieldOptions & { maxLength: number }): PropertyDecorator {
  return applyDecorators(
    ...optionalDecorators(options),
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const trimmed = value.trim();
      return trimmed === '' && options.optional && !options.notNull ? null : trimmed;
    }),
    IsString({ message: 'phải là chuỗi ký tự' }),
    ...(options.optional && !options.notNull ? [] : [MinLength(1, { message: 'không được để trống' })]),
    MaxLength(options.maxLength, { message: `dài tối đa ${options.maxLength} ký tự` }),
    api(options, { type: String, maxLength: options.maxLength }),
  );
}

/** An integer in a range. */
export function IntField(options: FieldOptions & { min?: number; max?: number }): PropertyDecorator {
  return applyDecorators(
    ...optionalDecorators(options),
    IsInt({ message: 'phải là số nguyên' }),
    ...(options.min === undefined ? [] : [Min(options.min, { message: `phải từ ${options.min} trở lên` })]),
    ...(options.max === undefined ? [] : [Max(options.max, { message: `phải không lớn hơn ${options.max}` })]),
    api(options, { type: 'integer', minimum: options.min, maximum: options.max }),
  );
}

/** An id of another record (a positive integer). */
export const IdField = (options: FieldOptions = {}): PropertyDecorator => IntField({ ...options, min: 1 });

/**
 * The version read (GET), sent back with a write: another version answers 409. May be omitted
 * (the write is not checked); `null` is refused, so that a client that lost the version it read
 * does not silently skip the check.
 */
export function VersionField(description: string): PropertyDecorator {
  const message = 'phải là số nguyên ≥ 1: phiên bản đã đọc (GET); bỏ hẳn trường này nếu không cần kiểm tra';
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    ValidateBy({
      name: 'isVersion',
      validator: {
        validate: (value: unknown) => Number.isInteger(value) && (value as number) >= 1,
        defaultMessage: () => message,
      },
    }),
    ApiProperty({ required: false, nullable: false, type: 'integer', minimum: 1, description }),
  );
}

/** A year of the emulation cycle. */
export const YearField = (options: FieldOptions = {}): PropertyDecorator =>
  IntField({ ...options, min: 2000, max: 2100, example: 2021 });

/** A decimal number (points, targets, actual values) with at most 4 decimals. */
export function DecimalField(options: FieldOptions & { min?: number; max?: number }): PropertyDecorator {
  return applyDecorators(
    ...optionalDecorators(options),
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 },
      { message: 'phải là số (tối đa 4 chữ số thập phân)' },
    ),
    ...(options.min === undefined ? [] : [Min(options.min, { message: `phải từ ${options.min} trở lên` })]),
    ...(options.max === undefined ? [] : [Max(options.max, { message: `phải không lớn hơn ${options.max}` })]),
    ...(options.max === undefined || options.max < 1e10
      ? [Max(9_999_999_999, { message: 'quá lớn (tối đa 9.999.999.999)' })]
      : []),
    api(options, { type: 'number', minimum: options.min, maximum: options.max }),
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as YYYY-MM-DD. */
export function DateField(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...optionalDecorators(options),
    IsString({ message: 'phải là ngày dạng YYYY-MM-DD' }),
    Matches(ISO_DATE, { message: 'phải là ngày dạng YYYY-MM-DD' }),
    ValidateBy({
      name: 'isRealDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isRealDate(value),
        defaultMessage: () => 'không phải là ngày có thật',
      },
    }),
    api(options, { type: String, format: 'date', example: options.example ?? '2021-12-03' }),
  );
}

export function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** One of a fixed list of values. */
export function OneOfField(values: readonly string[], options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...optionalDecorators(options),
    IsIn(values, { message: `phải là một trong: ${values.join(', ')}` }),
    api(options, { enum: values }),
  );
}

/** A nested object, or an array of them. */
export function NestedField(
  type: () => new () => object,
  options: FieldOptions & { each?: boolean; maxItems?: number } = {},
): PropertyDecorator {
  return applyDecorators(
    ...optionalDecorators(options),
    ...(options.each
      ? [
          IsArray({ message: 'phải là một danh sách' }),
          ArrayMaxSize(options.maxItems ?? 10_000, { message: `tối đa ${options.maxItems ?? 10_000} phần tử` }),
        ]
      : [IsObject({ message: 'phải là một đối tượng' })]),
    ValidateNested({ each: options.each }),
    Type(type),
    api(options, { type: type(), isArray: options.each ?? false }),
  );
}

/** A list of ids. */
export function IdListField(options: FieldOptions & { maxItems?: number } = {}): PropertyDecorator {
  return applyDecorators(
    ...optionalDecorators(options),
    IsArray({ message: 'phải là một danh sách' }),
    ArrayMaxSize(options.maxItems ?? 10_000, { message: `tối đa ${options.maxItems ?? 10_000} phần tử` }),
    IsInt({ each: true, message: 'mỗi phần tử phải là mã số (số nguyên dương)' }),
    Min(1, { each: true, message: 'mỗi phần tử phải là mã số (số nguyên dương)' }),
    api(options, { type: 'integer', isArray: true }),
  );
}

const CONSTRAINT_MESSAGES: Readonly<Record<string, string>> = {
  whitelistValidation: 'trường này không được hỗ trợ',
  nestedValidation: 'phải là một đối tượng',
};

/** Flattens class-validator's tree into { "a.b[2].c": [messages] }. */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldErrors {
  const result: FieldErrors = {};
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    for (const [key, message] of Object.entries(error.constraints ?? {})) {
      (result[path] ??= []).push(CONSTRAINT_MESSAGES[key] ?? message);
    }
    Object.assign(result, flattenValidationErrors(error.children ?? [], path));
  }
  return result;
}

/**
 * The global pipe. Nest's own would turn a path or query number with `+value`, accepting `0x10`,
 * `1e0`, `0b1`, ` 1`: primitives are left as they came, and the id/year pipes (params.ts) and
 * `QueryInt` accept decimal digits only.
 */
class AppValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

/** A number in the query string: decimal digits only become a number; anything else stays text and fails IsInt. */
export const QueryInt = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value,
  );

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new AppException('VALIDATION_FAILED', 'Dữ liệu không hợp lệ: xem từng trường trong "errors".', {
        ...flattenValidationErrors(errors),
      }),
  });
}

export { Type };
