import { Param, type PipeTransform } from '@nestjs/common';
import { AppException } from './app-exception.js';

/** A path parameter that must be an integer in a range; otherwise 400 naming the parameter. */
class IntParamPipe implements PipeTransform<string, number> {
  constructor(
    private readonly name: string,
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: string): number {
    const number = Number(value);
    if (typeof value !== 'string' || !/^\d{1,10}$/.test(value) || number < this.min || number > this.max) {
      throw new AppException(
        'VALIDATION_FAILED',
        `Tham số "${this.name}" phải là số nguyên từ ${this.min} đến ${this.max}.`,
        {
          [this.name]: [`phải là số nguyên từ ${this.min} đến ${this.max}`],
        },
      );
    }
    return number;
  }
}

export const IdParam = (name: string): ParameterDecorator => Param(name, new IntParamPipe(name, 1, 2_147_483_647));
export const YearParam = (name: string): ParameterDecorator => Param(name, new IntParamPipe(name, 2000, 2100));
