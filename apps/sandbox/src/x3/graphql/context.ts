import { SandboxDatabase } from '../../db/sandbox-database';
import { RefLoader } from './ref-loader';
import { Row } from '../query/page-query';

/** What a mutation needs: the domain layer owns every business rule (numbering, statuses, stock). */
export interface X3Mutations {
  create(folder: string, entity: string, data: Record<string, unknown>, user: string): Promise<string>;
  update(folder: string, entity: string, id: string, data: Record<string, unknown>, user: string): Promise<string>;
  action(folder: string, entity: string, action: string, id: string, user: string): Promise<string>;
}

export interface X3Context {
  db: SandboxDatabase;
  folder: string;
  user: string;
  loader: RefLoader;
  mutations: X3Mutations;
}

export type { Row };
