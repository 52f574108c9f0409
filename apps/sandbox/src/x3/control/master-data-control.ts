import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { PoolClient } from 'pg';
import { SandboxDatabase } from '../../db/sandbox-database';
import { X3BusinessError, Values } from '../domain/store';
import {
  createCompany,
  createCurrency,
  createExchangeRate,
  createTaxCode,
  createTaxRule,
} from '../domain/reference-data';

type Creator = (client: PoolClient, folder: string, data: Values) => Promise<string>;

/** Set-up data tests need (companies, currencies, tax codes and rules, exchange rates), made as the seed makes it. */
@Injectable()
export class MasterDataControl {
  constructor(private readonly db: SandboxDatabase) {}

  private async create(folder: string, creator: Creator, data: Values): Promise<{ id: string }> {
    try {
      return { id: await this.db.transaction((client) => creator(client, folder, data)) };
    } catch (error) {
      if (error instanceof X3BusinessError) throw new UnprocessableEntityException({ message: error.message });
      throw error;
    }
  }

  currency(folder: string, data: Values) {
    return this.create(folder, createCurrency, data);
  }

  company(folder: string, data: Values) {
    return this.create(folder, createCompany, data);
  }

  taxCode(folder: string, data: Values) {
    return this.create(folder, createTaxCode, data);
  }

  taxRule(folder: string, data: Values) {
    return this.create(folder, createTaxRule, data);
  }

  exchangeRate(folder: string, data: Values) {
    return this.create(folder, createExchangeRate, data);
  }
}
