// The scenario editor: CodeMirror 6 with YAML/JSON highlighting and the server's validation
// shown at its line.

import { basicSetup, EditorView } from "codemirror";
import { Compartment, EditorState } from "@codemirror/state";
import { json } from "@codemirror/lang-json";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";

export function createEditor(parent, onChange) {
  const language = new Compartment();
  let silent = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        basicSetup,
        language.of(yaml()),
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": "Scenario file", spellcheck: "false" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !silent) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  return {
    view,
    text: () => view.state.doc.toString(),
    /** Replace the whole text; `notify` says whether it counts as an edit. */
    setText(text, { notify = false, keepHistory = true } = {}) {
      silent = !notify;
      try {
        view.dispatch({
          changes: { from: 0, to: view.state.doc.length, insert: text },
          ...(keepHistory ? {} : {}),
        });
      } finally {
        silent = false;
      }
    },
    setSyntax(syntax) {
      view.dispatch({ effects: language.reconfigure(syntax === "json" ? json() : yaml()) });
    },
    /** Show the server's errors ({line, message, field}) at their lines. */
    showErrors(errors) {
      const doc = view.state.doc;
      const diagnostics = errors.map((e) => {
        const n = Math.min(Math.max(e.line || 1, 1), doc.lines);
        const line = doc.line(n);
        return {
          from: line.from,
          to: Math.max(line.to, line.from),
          severity: "error",
          message: e.field ? `${e.message} (${e.field})` : e.message,
        };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    /** Put the cursor at a line (when an error is clicked). */
    goToLine(n) {
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(n || 1, 1), doc.lines));
      view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
      view.focus();
    },
  };
}
