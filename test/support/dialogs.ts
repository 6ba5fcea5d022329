/**
 * Stand-ins for main's native dialogs (services option `dialogs`), answered by the test: the
 * operator says no to a live order unless a test says yes, and picks `<exportsDir>/<suggested
 * name>` (numbered when taken) in the save dialog unless a test picks another path or cancels (null),
 * and confirms a restore unless a test says no.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveOrderQuestion, ServicesDialogs } from '../../electron/services/options';
import type { RestorePreview } from '@shared/history';

export class FakeDialogs {
  readonly liveQuestions: LiveOrderQuestion[] = [];
  /** The answer to the next live question; a function can hold the dialog open. */
  liveAnswer: boolean | ((question: LiveOrderQuestion) => Promise<boolean>) = false;
  readonly exportNames: string[] = [];
  /** The file chosen in the save dialog; null cancels; undefined: `<exportsDir>/<suggested name>`. */
  exportAnswer: string | null | undefined = undefined;
  /** What the restore confirmation was shown, and the operator's answer (yes unless a test says no). */
  readonly restoreQuestions: RestorePreview[] = [];
  restoreAnswer = true;

  constructor(readonly exportsDir: string) {}

  readonly options: ServicesDialogs = {
    confirmRestore: async (summary) => {
      this.restoreQuestions.push(summary);
      return this.restoreAnswer;
    },
    confirmLiveOrder: async (question) => {
      this.liveQuestions.push(question);
      return typeof this.liveAnswer === 'function' ? this.liveAnswer(question) : this.liveAnswer;
    },
    chooseExportPath: async (suggestedName) => {
      this.exportNames.push(suggestedName);
      if (this.exportAnswer !== undefined) return this.exportAnswer;
      // Like an operator who does not overwrite: the suggested name, or name-2.csv, name-3.csv …
      mkdirSync(this.exportsDir, { recursive: true });
      const base = suggestedName.replace(/\.csv$/, '');
      for (let n = 1; ; n++) {
        const file = join(this.exportsDir, n === 1 ? suggestedName : `${base}-${n}.csv`);
        if (!existsSync(file) && !existsSync(`${file}.partial`)) return file;
      }
    },
  };
}
