/**
 * Stand-ins for main's native dialogs (services option `dialogs`), answered by the test: the
 * operator says no to a live order unless a test says yes, and picks `<exportsDir>/<suggested
 * name>` in the save dialog unless a test picks another path or cancels (null).
 */
import { join } from 'node:path';
import type { LiveOrderQuestion, ServicesDialogs } from '../../electron/services/options';

export class FakeDialogs {
  readonly liveQuestions: LiveOrderQuestion[] = [];
  /** The answer to the next live question; a function can hold the dialog open. */
  liveAnswer: boolean | ((question: LiveOrderQuestion) => Promise<boolean>) = false;
  readonly exportNames: string[] = [];
  /** The file chosen in the save dialog; null cancels; undefined: `<exportsDir>/<suggested name>`. */
  exportAnswer: string | null | undefined = undefined;

  constructor(readonly exportsDir: string) {}

  readonly options: ServicesDialogs = {
    confirmLiveOrder: async (question) => {
      this.liveQuestions.push(question);
      return typeof this.liveAnswer === 'function' ? this.liveAnswer(question) : this.liveAnswer;
    },
    chooseExportPath: async (suggestedName) => {
      this.exportNames.push(suggestedName);
      return this.exportAnswer === undefined ? join(this.exportsDir, suggestedName) : this.exportAnswer;
    },
  };
}
