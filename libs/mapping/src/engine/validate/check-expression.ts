import { compileExpression } from '../expression/safe-expression';
import { ExpressionRefusedError } from '../expression/expression-errors';
import type { IssueList } from './document-checks';

/** Checks an expression compiles; an issue carries the position JSONata reports. */
export function checkExpression(text: unknown, path: string, issues: IssueList): void {
  if (!issues.isString(text, path)) return;
  try {
    compileExpression(text as string);
  } catch (error) {
    if (error instanceof ExpressionRefusedError) issues.add(path, error.message, error.position);
    else issues.add(path, error instanceof Error ? error.message : String(error));
  }
}
