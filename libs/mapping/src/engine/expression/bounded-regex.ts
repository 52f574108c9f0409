// The regex engine mapping expressions run with (JSONata's `RegexEngine` option). One native
// RegExp call cannot be interrupted by JSONata's timeout, and the static check (ast-check.ts)
// only catches nested quantifiers: `/a*a*a*b/` over 400 characters held the event loop 38 s.
// So a pattern that can backtrack runs inside a vm script with a timeout (V8 interrupts the
// regex), charged to one budget per regex per evaluation; a pattern with no quantifier and no
// alternation cannot backtrack and runs natively.
import vm from 'node:vm';
import { ExpressionLimitError } from './expression-errors';

const context = vm.createContext({ re: null, s: '' });
const execScript = new vm.Script('re.exec(s)');

/** No quantifier, alternation or backreference outside a class: matching is linear. */
function cannotBacktrack(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      if (!inClass && /[1-9k]/.test(source[i + 1] ?? '')) return false;
      i++;
    } else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if ('*+?{|'.includes(char)) return false;
  }
  return true;
}

function timedExec(re: RegExp, text: string, ms: number): RegExpExecArray | null {
  Object.assign(context, { re, s: text });
  try {
    return execScript.runInContext(context, { timeout: Math.max(1, Math.ceil(ms)) }) as RegExpExecArray | null;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new ExpressionLimitError('time', `the regex /${re.source}/ ran past the time budget`);
    }
    throw error;
  } finally {
    Object.assign(context, { re: null, s: '' });
  }
}

/** A RegExp stand-in for JSONata (it uses `lastIndex` and `exec` only) with a time budget of `budgetMs`. */
export function boundedRegexEngine(budgetMs: number): RegExpConstructor {
  class BoundedRegex {
    lastIndex = 0;
    private spentMs = 0;
    private readonly native: boolean;
    constructor(private readonly re: RegExp) {
      this.native = cannotBacktrack(re.source);
    }
    get source(): string {
      return this.re.source;
    }
    exec(text: string): RegExpExecArray | null {
      this.re.lastIndex = this.lastIndex;
      let match: RegExpExecArray | null;
      if (this.native) match = this.re.exec(text);
      else {
        const left = budgetMs - this.spentMs;
        if (left <= 0) throw new ExpressionLimitError('time', `the regex /${this.re.source}/ ran past the time budget`);
        const started = performance.now();
        try {
          match = timedExec(this.re, text, left);
        } finally {
          this.spentMs += performance.now() - started;
        }
      }
      this.lastIndex = this.re.lastIndex;
      return match;
    }
  }
  return BoundedRegex as unknown as RegExpConstructor;
}
