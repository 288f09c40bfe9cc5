<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutBox</name>
    <message>
        <source>not part of this build (MASKSCOPE_TORCH=OFF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visual analysis of information-density-driven masking for masked diffusion language models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sentencepiece</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About MaskScope</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChartExport</name>
    <message>
        <source>The chart has no size to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported from MaskScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1 (use a .png or .svg file name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesktopCommandLine</name>
    <message>
        <source>MaskScope: see information density, hubs and the logical and syntactic masks of Complementary Priority Masking for every record of a corpus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the files, wait until everything is shown, save a picture of the main window to &lt;png&gt; and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: give up after &lt;seconds&gt; (default 120).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size, e.g. 1600x1000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WxH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show record &lt;n&gt; (1-based) of the corpus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which masks the record view shows: logical, syntactic or side-by-side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus (.jsonl, .txt), tokenizer (.model), annotation (.annotations.jsonl) or session (.maskscope) files. Without files the last session reopens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[files...]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--timeout takes a positive number of seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--window-size takes WIDTHxHEIGHT, e.g. 1600x1000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--record takes a record number from 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--display takes logical, syntactic or side-by-side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring these panels to the front (comma-separated: annotations, statistics).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileKind</name>
    <message>
        <source>corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Screenshot</name>
    <message>
        <source>maskscope: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maskscope: gave up after %1 s: the files did not finish loading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maskscope: cannot write the screenshot %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maskscope: wrote %1 (%2 x %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AnnotationEditor</name>
    <message>
        <source>The annotation of record %1 was made for a different text; it cannot be edited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a corpus before annotating.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot annotate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add hub [%1, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove hub [%1, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select response tokens first (drag; Alt-drag selects characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No suggestion left in this record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept suggestion [%1, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject suggestion [%1, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s)</source>
        <translation>
            <numerusform>Accept %n suggestion</numerusform>
            <numerusform>Accept %n suggestions</numerusform>
        </translation>
    </message>
    <message>
        <source>Mark record %1 as annotated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the annotations beside the corpus: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations cannot be saved before a corpus is open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AnnotationPanel</name>
    <message>
        <source>Toggle &amp;Hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the selection as a hub, or remove it when it is all hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accept Suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept the suggestion under review as a hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reject Suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject the suggestion under review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept A&amp;ll Suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept every suggestion of this record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous Suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review the previous suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review the next suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Done, Next Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this record&apos;s annotation (also without hubs) and go to the next record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last annotation edit (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◂</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▸</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done ▸</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus Agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the annotation with the density source&apos;s hubs over every annotated record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the corpus agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No annotated record to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 over %n annotated record(s); mean κ %2</source>
        <translation>
            <numerusform>%1 over %n annotated record; mean κ %2</numerusform>
            <numerusform>%1 over %n annotated records; mean κ %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) left out: %1</source>
        <translation>
            <numerusform>%n record left out: %1</numerusform>
            <numerusform>%n records left out: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Record:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H hub · A accept · R reject · Shift+A all · S/Shift+S next/previous suggestion · N/P record · Ctrl+Enter done, next · Alt-drag selects characters · Ctrl+Z undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>κ %1 · token F1 %2 · span F1 exact %3, overlap %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a corpus and a tokenizer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No record to annotate yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Selection (%1): bytes [%2, %3) “%4” · %n suggestion(s) to review</source>
        <translation>
            <numerusform>Selection (%1): bytes [%2, %3) “%4” · %n suggestion to review</numerusform>
            <numerusform>Selection (%1): bytes [%2, %3) “%4” · %n suggestions to review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drag over tokens to select (Alt-drag: characters) · %n suggestion(s) to review</source>
        <translation>
            <numerusform>Drag over tokens to select (Alt-drag: characters) · %n suggestion to review</numerusform>
            <numerusform>Drag over tokens to select (Alt-drag: characters) · %n suggestions to review</numerusform>
        </translation>
    </message>
    <message>
        <source>not annotated (vs %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The annotation (reference) against the hubs of %1 (prediction), over the response tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no annotation file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● unsaved edits (autosave in a moment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no unsaved edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 annotated record(s) · %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AnnotationSpanModel</name>
    <message>
        <source>A hub of the annotation (H on a selection inside it removes it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The suggestion under review: A accepts, R rejects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A suggestion of the density source, not reviewed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected in this session (undo with Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::BadLineModel</name>
    <message>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was rejected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::BlockChart</name>
    <message>
        <source>logical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>syntactic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected 1 − t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>collapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::BlockPanel</name>
    <message>
        <source>A block is flagged for contextual collapse when every hub token in it is masked and at least %1% of its maskable tokens are masked: its logic must be guessed from nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block statistics are off. Set a block size in the masking controls (32 in the paper) to see how the masks fall into the blocks of block diffusion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No record is inspected yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n block(s) of %1 tokens</source>
        <translation>
            <numerusform>%n block of %1 tokens</numerusform>
            <numerusform>%n blocks of %1 tokens</numerusform>
        </translation>
    </message>
    <message>
        <source> · contextual collapse: %1 logical, %2 syntactic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (all hubs masked and ≥ %1% of the block masked)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::BlockTableModel</name>
    <message>
        <source>%1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2/%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>syntactic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contextual collapse: every hub of the block is masked and at least %1% of its tokens are masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens %1 to %2: %3 maskable, %4 masked in the logical and %5 in the syntactic sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masked (L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run (L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hubs masked (L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masked (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hubs masked (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masked share of the block&apos;s maskable tokens (L: logical, S: syntactic sample)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest run of consecutive masked positions in the block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the block&apos;s hub tokens that are masked (–: no hubs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged when every hub of the block is masked and at least %1% of the block is masked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::CalibrationChart</name>
    <message>
        <source>min–max p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>realized rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uniform (t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p, mask rate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::CorpusPanel</name>
    <message>
        <source>Not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching… %1 of %2 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only records whose id contains this text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unprocessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With hubs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without hubs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute the statistics of every record in the background, so that sorting and filtering see all of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find in records (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the next record whose id, prompt or response contains this text (Enter: next, Shift+Enter: previous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No corpus is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record number (1 to %1) or record id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No corpus open</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bad line(s)</source>
        <translation>
            <numerusform>%n bad line</numerusform>
            <numerusform>%n bad lines</numerusform>
        </translation>
    </message>
    <message>
        <source>Bad lines: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad lines: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking lines…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad lines: checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>statistics %1%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::CorpusTableModel</name>
    <message>
        <source>Not computed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1, line %2, id %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry number in the file (1-based)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record id: the &quot;id&quot; field, else &quot;task_id&quot;, else line-N; for a bad line, why it was rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens (never masked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response tokens: the maskable set S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub tokens (C = 1) under the current density source and hub settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean information density over the response tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether the record gets priority masking under the processed fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::DocumentLoader</name>
    <message>
        <source>%1: the file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no such file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the records of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the records failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::InspectionContext</name>
    <message>
        <source>Unknown density source &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub threshold or fraction must lie in [0, 1], not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The corpus has no records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open (Ctrl+O) or drop a corpus (.jsonl, .txt) and a tokenizer (.model) here to begin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open (Ctrl+O) or drop a tokenizer (.model) here to see tokens, density and masks.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::MainWindow</name>
    <message>
        <source>Corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masking Controls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled loading %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 records, %3 bad lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a corpus, tokenizer, annotation or session file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Session &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Record View…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find in Records…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go to Record…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next &amp;Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre&amp;vious Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Logical Sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Syntactic Sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples Side &amp;by Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore Default Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About MaskScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop loading the corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1… %2%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MaskScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No documents open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MaskScope files (*.jsonl *.json *.txt *.model *.maskscope);;Corpora (*.jsonl *.json *.txt);;Tokenizers (*.model);;Annotations (*.annotations.jsonl);;Sessions (*.maskscope);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions (*.maskscope);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions (*.maskscope)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved session %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Record View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Corpus Agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%2 — MaskScope</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::MaskingControls</name>
    <message>
        <source>Reset to Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density rules:code, hub threshold 0.5, w = 2, t in [0.3, 0.8], complementary, seed 0, step 0, block size 32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold: tokens with density ≥ the value are hub candidates. Top fraction: the given share of response tokens with the highest density.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub runs separated by at most this many tokens are merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub spans shorter than this many tokens are dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complementary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reweighted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logical sample m ~ Bernoulli(p); syntactic sample = its complement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second sample drawn independently with weight 1/w at the same t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w → ∞: hubs are masked first (ablation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p = t for every response token (the w = 1 baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s = w on hub tokens, 1 elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s = w^density for every response token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority weight of hub tokens; 1 is the uniform baseline, the paper uses 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range: t is drawn uniformly per record and step; Fixed: the same t everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of records that get priority masking (chosen by a hash of the id); the rest are masked uniformly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weighting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratio t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed of the mask stream (32-bit), as --seed of maskscope-cli</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training step whose masks are drawn (the stream is keyed by seed, record id and step)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block size of block diffusion for the block statistics (32 in the paper); 0: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules for source code: conditions, loop headers, return expressions, comparisons and assigned calls score high.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules for math: equations, operators, results after &apos;=&apos; and final answers (####, \boxed) score high.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub spans from the open annotation file (an LLM annotator or a person).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RecordLegend</name>
    <message>
        <source>Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked (logical)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked (syntactic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prompt (never masked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>block start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RecordPanel</name>
    <message>
        <source>Previous record (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next record (Alt+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syntactic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the masks of the logical sample (hubs masked preferentially)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the masks of the syntactic sample (the complement: glue masked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show both samples next to each other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unprocessed (uniform)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 · t = %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RecordView</name>
    <message>
        <source>Token %1: “%2” (id %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response bytes [%1, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt bytes [%1, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt token: never masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub: yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub: no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p (logical): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p (syntactic): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logical sample: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syntactic sample: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logical sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syntactic sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 tokens masked · expected %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (unprocessed record: uniform masking)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt (empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Prompt · %n token(s) · context, never masked</source>
        <translation>
            <numerusform>Prompt · %n token · context, never masked</numerusform>
            <numerusform>Prompt · %n tokens · context, never masked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Response · %n token(s) · maskable</source>
        <translation>
            <numerusform>Response · %n token · maskable</numerusform>
            <numerusform>Response · %n tokens · maskable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n hub token(s)</source>
        <translation>
            <numerusform> · %n hub token</numerusform>
            <numerusform> · %n hub tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> in %n span(s)</source>
        <translation>
            <numerusform> in %n span</numerusform>
            <numerusform> in %n spans</numerusform>
        </translation>
    </message>
    <message>
        <source>MaskScope record view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1 (use a .png or .svg file name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2 masked · expected %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::StatisticsPanel</name>
    <message>
        <source>density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub fraction of the record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub Fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masking probability p against density under the current policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density of every response token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of hub tokens per record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use every record of the corpus, not only the first %L1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chart shown as PNG or SVG (also on right-click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop computing the statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; the charts show the previous result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a corpus and a tokenizer to see corpus statistics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First %L1 of %L2 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %L1 response tokens · hub fraction %2 · mean density %3 · %4 steps each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %L1 skipped: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>density %1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 masked too much: p / uniform = %2 (limit %3) or p = 1 in %4% of draws (limit %5%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 masked too little for dense tokens: p / uniform = %2 (below %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bin flagged. Flags are heuristics: dense tokens masked hardly more than uniform, or masked with near certainty (the hard-masking regime).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged (heuristics): %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
