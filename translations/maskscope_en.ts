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
    <name>CheckpointInfo</name>
    <message>
        <source>step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n layer</numerusform>
            <numerusform>%n layers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation>
            <numerusform>%n head</numerusform>
            <numerusform>%n heads</numerusform>
        </translation>
    </message>
    <message>
        <source>hidden %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vocabulary %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context %1</source>
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
        <source>--tracks: unknown density source &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring these panels to the front (comma-separated: annotations, statistics, checkpoint, runs, charts, attention).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the checkpoint &lt;dir&gt; (a step_N directory, a checkpoints/ folder or a run directory) for the model density tracks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model density tracks to compute (comma-separated, default model:surprisal).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device of the model density tracks: cpu or cuda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: also write the density tracks of the shown record to &lt;json&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the training runs at or below &lt;path&gt; (a run directory, a TensorBoard log directory, a metrics JSONL file or a folder of runs); may be given again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tracks needs --checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--device takes cpu or cuda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tracks-json needs --screenshot.</source>
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
    <message>
        <source>checkpoint</source>
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
    <message>
        <source>The annotation (reference) against the hubs of each model density track (prediction), extracted with the hub settings of the masking controls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: record not annotated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model density track</source>
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
    <name>maskscope::ui::AttentionHeatmap</name>
    <message>
        <source>Attention heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query (rows): the token that attends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key (columns): the token attended to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x_0 (clean)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x_t (noisy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x_0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x_t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 “%2” (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query %1
Key %2
Weight %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No head selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub token (bold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked position of x_t (italic)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AttentionPanel</name>
    <message>
        <source>Training step:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scrub through the training steps at which the attention was probed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 (%2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← All heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the grid of every layer and head (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the heatmap into the view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention of masked positions to hub tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention to hubs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mass on hubs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean over layers, heads and masked query positions of the attention mass on hub tokens, from each probe. Click a point to show that step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run selected. Choose a run to see the attention probes it recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the attention probes of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run has no attention probes yet.

Start training with --probe-every N to record the attention of a probe record every N steps; the probes appear here while the run trains.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show step %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows: layers, columns: heads. Each thumbnail shows queries (rows) against keys (columns), coloured from 0 to %1, the largest weight of this step. Click a thumbnail to enlarge it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2 at step %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe record %1: %2 tokens, %3 hub tokens, %4 masked; %5 layers × %6 heads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block diffusion (block size %1): queries and keys run over [x_t | x_0].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention to hubs: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AttentionThumbnailGrid</name>
    <message>
        <source>Attention of every layer and head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2: click to enlarge</source>
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
        <source>rate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::CheckpointPanel</name>
    <message>
        <source>Open Checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a step_N checkpoint directory, a checkpoints/ folder or a run directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build has no model engine: only the annotation track and rule blends are available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blend members, e.g. rules:code=0.5,model:surprisal=0.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sources the blend track averages, each with its weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strided passes per sweep: every response token is scored once, while masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also mask this share of the other response tokens as context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute Corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute the tracks of every record in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop computing the corpus tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Tracks of %n record(s) computed.</source>
        <translation>
            <numerusform>Tracks of %n record computed.</numerusform>
            <numerusform>Tracks of %n records computed.</numerusform>
        </translation>
    </message>
    <message>
        <source>no recent checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No checkpoint open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or drop a checkpoint directory to compute model density tracks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · no tokenizer.model beside the weights</source>
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
    <name>maskscope::ui::DensityTrackService</name>
    <message>
        <source>Stopped: the checkpoint, the tracks or the documents changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a checkpoint first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a corpus and a tokenizer and choose at least one track first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
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
    <message>
        <source>Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing density tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Density tracks of %n record(s) computed.</source>
        <translation>
            <numerusform>Density tracks of %n record computed.</numerusform>
            <numerusform>Density tracks of %n records computed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open &amp;Checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model checkpoint for the model density tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density &amp;Tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the annotation and model density tracks under every line of the record view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop loading the corpus or computing its density tracks</source>
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
    <name>maskscope::ui::QtSeriesChart</name>
    <message>
        <source>NaN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+inf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−inf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≤ 0 (not shown on a log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 at %3
%n point(s) in this pixel column</source>
        <translation>
            <numerusform>%1: %2 at %3
%n point in this pixel column</numerusform>
            <numerusform>%1: %2 at %3
%n points in this pixel column</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: NaN (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: +inf (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: −inf (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: ≤ 0 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset Zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Chart…</source>
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
    <message>
        <source>Density tracks: computing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density tracks, top to bottom: %1 (updating…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density tracks failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density tracks, top to bottom: %1</source>
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
    <message>
        <source>Track %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunChartPanel</name>
    <message>
        <source>hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-hub</source>
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
        <source>Training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss: hub vs non-hub tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss: logical vs syntactic samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention to hubs (probe)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorBoard&apos;s smoothing: a debiased exponential moving average with this weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chart as a PNG image or an SVG drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;X axis:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Smoothing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wall time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time since start (hours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time since start (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time since start (seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run is shown: open a run directory, or check a run in the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shown runs have no “%1” series (yet).</source>
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
</context>
<context>
    <name>maskscope::ui::RunLaunchDialog</name>
    <message>
        <source>Launch a Training Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone Run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume Run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The newest checkpoint is at step %1. Train up to this many steps in all (--steps):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--corpus: the training corpus (JSONL or plain text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tokenizer: the sentencepiece model (.model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--annotations: the annotation sidecar (needed for density source &quot;annotations&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Truncate long records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--truncate: cut records longer than the model&apos;s context instead of failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--eval-fraction: share of records held out for evaluation (chosen by id hash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the Corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpora (*.jsonl *.json *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;okenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sentencepiece models (*.model);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the Annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations (*.jsonl *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Held out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--density: the density source that finds the hub tokens</source>
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
        <source>--hub-threshold X (density ≥ X) or --hub-top F (the top fraction F by density)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value of --hub-threshold or --hub-top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--hub-gap: merge hub runs separated by at most this many tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--hub-min-span: drop hub spans shorter than this many tokens</source>
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
        <source>--mode: complementary, reweighted, hard or uniform</source>
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
        <source>--weighting: binary (s = w on hubs) or soft (s = w^density)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--w: priority weight of hub tokens (1: the uniform baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--t-range A,B: the lower end A (equal ends: a fixed --t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--t-range A,B: the upper end B (equal ends: a fixed --t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--processed: share of records that get priority masking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--seed: seed of masks, record order and initialisation (32-bit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub &amp;rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub &amp;value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge &amp;gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum s&amp;pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Weighting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t &amp;from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t t&amp;o</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed &amp;fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--preset: model size (tiny trains in seconds on a CPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block diffusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--layout: full (masked diffusion) or block (block diffusion on [x_t | x_0])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--block-size: block length of block diffusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ELBO (1/t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean over masked tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--loss-weighting: elbo (LLaDA) or mean (dFactory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre&amp;set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La&amp;yout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Block size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--steps: optimizer steps in total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--batch: records per step (each gives a logical and a syntactic sample)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--grad-accum: micro-batches per step (--batch must be a multiple of it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lr: peak learning rate (e.g. 0.001 or 3e-4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--warmup: linear warm-up steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--device: cpu, or cuda when the engine sees a GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--threads: torch intra-op threads on the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;teps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batc&amp;h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient a&amp;ccumulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning &amp;rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Warm-up steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;vice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thr&amp;eads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--out: the run directory (new, or an empty directory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where the run goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--eval-every: evaluate every N steps (0: after the last step)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--checkpoint-every: checkpoint every N steps (0: at the end and on a stop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--probe-every: attention probe every N steps (0: none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;un directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eval&amp;uate every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chec&amp;kpoint every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Probe every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is given by --model-config %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA (GPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lr must be a number (e.g. 0.001 or 3e-4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The corpus %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokenizer %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The annotation file %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The density source &quot;annotations&quot; needs an annotation file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device %1 is not available here; choose the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the Run Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run was not started: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunLauncher</name>
    <message>
        <source>Choose a run directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists and is not a directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not empty; choose a new run directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be created (%2 is not a writable directory).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maskscope-cli was not found at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the run directory %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a MaskScope run directory (no run.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run never started training, so there is nothing to resume; launch a clone of it instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a MaskScope run manifest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run has no checkpoint to resume from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The newest checkpoint is at step %1 already; resume to more steps than that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start the trainer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trainer did not start within 10 seconds (see %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no running trainer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process %1 named in %2 is not this run&apos;s trainer; nothing was signalled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot signal process %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunMonitor</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No training run was found in %1 (a MaskScope run directory, a directory of TensorBoard event files, or a metrics.jsonl file).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunTableModel</name>
    <message>
        <source>MaskScope run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorBoard event files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSONL metrics file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreadable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this run in the charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
preset: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) while reading:</source>
        <translation>
            <numerusform>%n problem while reading:</numerusform>
            <numerusform>%n problems while reading:</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 vs the baseline (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run&apos;s colour in the charts; the box shows or hides it there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last logged step (of the configured steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training tokens seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lowest finite training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training throughput at the last logged step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masking policy from run.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masking policy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunWorkspace</name>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Training Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start `maskscope-cli train` with the current masking settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Run Directory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Run &amp;Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Attention Probes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training run %1 %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last lines of its error output:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunsPanel</name>
    <message>
        <source>New Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configure and start a training run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Run Directory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the runs in a directory: MaskScope runs, TensorBoard event files or metrics.jsonl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the trainer to write a checkpoint and stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the run from its newest checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone and Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new run with this run&apos;s configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin as Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this run at the top of the table and draw it distinctly in the charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop following this run (its files are kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter runs (regular expression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Run Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a regular expression: matched as plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Path</source>
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
<context>
    <name>maskscope::ui::TrainerStatus</name>
    <message>
        <source>running (process %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended without an exit record (killed?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended (exit code unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed by SIGKILL (exit code %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crashed: %1 (exit code %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed (exit code %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed (exit code %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
