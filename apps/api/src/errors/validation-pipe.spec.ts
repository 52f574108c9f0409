import { BadRequestException } from '@nestjs/common';
import { IsInt, IsString, Max, MinLength } from 'class-validator';
import { createValidationPipe } from './validation-pipe';

class RenameDto {
  @IsString()
  @MinLength(2)
  name: string;

  @IsInt()
  @Max(10)
  priority: number;
}

const meta = { type: 'body' as const, metatype: RenameDto };

async function messages(body: unknown): Promise<string[]> {
  try {
    await createValidationPipe().transform(body, meta);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { message: string[] }).message;
  }
}

describe('createValidationPipe', () => {
  it('passes a valid body through as the DTO class', async () => {
    const out = await createValidationPipe().transform({ name: 'Acme', priority: 3 }, meta);
    expect(out).toBeInstanceOf(RenameDto);
    expect(out).toEqual({ name: 'Acme', priority: 3 });
  });

  it('refuses unknown fields by name instead of dropping them', async () => {
    expect(await messages({ name: 'Acme', priority: 3, tenantId: 'other' })).toEqual([
      'property tenantId should not exist',
    ]);
  });

  it('reports every invalid field at once', async () => {
    const problems = await messages({ name: 'A', priority: 'high' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'name must be longer than or equal to 2 characters',
        'priority must be an integer number',
      ]),
    );
  });
});
