<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutBox</name>
    <message>
        <source>not part of this build (MASKSCOPE_TORCH=OFF)</source>
        <translation>nicht Teil dieses Builds (MASKSCOPE_TORCH=OFF)</translation>
    </message>
    <message>
        <source>Visual analysis of information-density-driven masking for masked diffusion language models.</source>
        <translation>Visuelle Analyse der informationsdichtegesteuerten Maskierung für maskierte Diffusions-Sprachmodelle.</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (gebaut mit %2)</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>sentencepiece</source>
        <translation>sentencepiece</translation>
    </message>
    <message>
        <source>About MaskScope</source>
        <translation>Über MaskScope</translation>
    </message>
</context>
<context>
    <name>ChartExport</name>
    <message>
        <source>The chart has no size to export.</source>
        <translation>Das Diagramm hat keine Größe zum Exportieren.</translation>
    </message>
    <message>
        <source>Exported from MaskScope</source>
        <translation>Aus MaskScope exportiert</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Cannot write %1 (use a .png or .svg file name).</source>
        <translation>%1 kann nicht geschrieben werden (einen Dateinamen auf .png oder .svg verwenden).</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation>Als PNG exportieren…</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>Als SVG exportieren…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Zeichnung (*.svg)</translation>
    </message>
</context>
<context>
    <name>DesktopCommandLine</name>
    <message>
        <source>MaskScope: see information density, hubs and the logical and syntactic masks of Complementary Priority Masking for every record of a corpus.</source>
        <translation>MaskScope: Informationsdichte, Hubs sowie die logischen und syntaktischen Masken des Complementary Priority Masking für jeden Datensatz eines Korpus ansehen.</translation>
    </message>
    <message>
        <source>Load the files, wait until everything is shown, save a picture of the main window to &lt;png&gt; and exit.</source>
        <translation>Die Dateien laden, warten, bis alles angezeigt ist, ein Bild des Hauptfensters in &lt;png&gt; speichern und beenden.</translation>
    </message>
    <message>
        <source>png</source>
        <translation>png</translation>
    </message>
    <message>
        <source>With --screenshot: give up after &lt;seconds&gt; (default 120).</source>
        <translation>Mit --screenshot: nach &lt;sekunden&gt; aufgeben (Standard 120).</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>sekunden</translation>
    </message>
    <message>
        <source>Window size, e.g. 1600x1000.</source>
        <translation>Fenstergröße, z. B. 1600x1000.</translation>
    </message>
    <message>
        <source>WxH</source>
        <translation>BxH</translation>
    </message>
    <message>
        <source>Show record &lt;n&gt; (1-based) of the corpus.</source>
        <translation>Datensatz &lt;n&gt; (ab 1 gezählt) des Korpus anzeigen.</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Which masks the record view shows: logical, syntactic or side-by-side.</source>
        <translation>Welche Masken die Datensatzansicht zeigt: logical, syntactic oder side-by-side.</translation>
    </message>
    <message>
        <source>sample</source>
        <translation>variante</translation>
    </message>
    <message>
        <source>files</source>
        <translation>dateien</translation>
    </message>
    <message>
        <source>Corpus (.jsonl, .txt), tokenizer (.model), annotation (.annotations.jsonl) or session (.maskscope) files. Without files the last session reopens.</source>
        <translation>Korpus- (.jsonl, .txt), Tokenizer- (.model), Annotations- (.annotations.jsonl) oder Sitzungsdateien (.maskscope). Ohne Dateien wird die letzte Sitzung wieder geöffnet.</translation>
    </message>
    <message>
        <source>[files...]</source>
        <translation>[dateien...]</translation>
    </message>
    <message>
        <source>--timeout takes a positive number of seconds.</source>
        <translation>--timeout erwartet eine positive Anzahl Sekunden.</translation>
    </message>
    <message>
        <source>--window-size takes WIDTHxHEIGHT, e.g. 1600x1000.</source>
        <translation>--window-size erwartet BREITExHÖHE, z. B. 1600x1000.</translation>
    </message>
    <message>
        <source>--record takes a record number from 1.</source>
        <translation>--record erwartet eine Datensatznummer ab 1.</translation>
    </message>
    <message>
        <source>--display takes logical, syntactic or side-by-side.</source>
        <translation>--display erwartet logical, syntactic oder side-by-side.</translation>
    </message>
    <message>
        <source>Bring these panels to the front (comma-separated: annotations, statistics).</source>
        <translation>Diese Bereiche in den Vordergrund holen (durch Kommas getrennt: annotations, statistics).</translation>
    </message>
</context>
<context>
    <name>FileKind</name>
    <message>
        <source>corpus</source>
        <translation>Korpus</translation>
    </message>
    <message>
        <source>tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <source>session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>unknown file</source>
        <translation>unbekannte Datei</translation>
    </message>
</context>
<context>
    <name>Screenshot</name>
    <message>
        <source>maskscope: %1</source>
        <translation>maskscope: %1</translation>
    </message>
    <message>
        <source>maskscope: gave up after %1 s: the files did not finish loading.</source>
        <translation>maskscope: nach %1 s aufgegeben: die Dateien wurden nicht fertig geladen.</translation>
    </message>
    <message>
        <source>maskscope: cannot write the screenshot %1.</source>
        <translation>maskscope: das Bildschirmfoto %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>maskscope: wrote %1 (%2 x %3)</source>
        <translation>maskscope: %1 geschrieben (%2 x %3)</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AnnotationEditor</name>
    <message>
        <source>The annotation of record %1 was made for a different text; it cannot be edited.</source>
        <translation>Die Annotation von Datensatz %1 wurde für einen anderen Text erstellt und kann nicht bearbeitet werden.</translation>
    </message>
    <message>
        <source>Open a corpus before annotating.</source>
        <translation>Vor dem Annotieren ein Korpus öffnen.</translation>
    </message>
    <message>
        <source>Cannot annotate: %1</source>
        <translation>Annotieren nicht möglich: %1</translation>
    </message>
    <message>
        <source>Add hub [%1, %2)</source>
        <translation>Hub hinzufügen [%1, %2)</translation>
    </message>
    <message>
        <source>Remove hub [%1, %2)</source>
        <translation>Hub entfernen [%1, %2)</translation>
    </message>
    <message>
        <source>Select response tokens first (drag; Alt-drag selects characters).</source>
        <translation>Zuerst Antwort-Tokens auswählen (ziehen; Alt+Ziehen wählt Zeichen).</translation>
    </message>
    <message>
        <source>No suggestion left in this record.</source>
        <translation>In diesem Datensatz ist kein Vorschlag mehr offen.</translation>
    </message>
    <message>
        <source>Accept suggestion [%1, %2)</source>
        <translation>Vorschlag annehmen [%1, %2)</translation>
    </message>
    <message>
        <source>Reject suggestion [%1, %2)</source>
        <translation>Vorschlag ablehnen [%1, %2)</translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s)</source>
        <translation>
            <numerusform>%n Vorschlag annehmen</numerusform>
            <numerusform>%n Vorschläge annehmen</numerusform>
        </translation>
    </message>
    <message>
        <source>Mark record %1 as annotated</source>
        <translation>Datensatz %1 als annotiert markieren</translation>
    </message>
    <message>
        <source>Cannot open the annotations beside the corpus: %1</source>
        <translation>Die Annotationen neben dem Korpus können nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Annotations cannot be saved before a corpus is open.</source>
        <translation>Annotationen können erst gespeichert werden, wenn ein Korpus geöffnet ist.</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AnnotationPanel</name>
    <message>
        <source>Toggle &amp;Hub</source>
        <translation>&amp;Hub umschalten</translation>
    </message>
    <message>
        <source>Add the selection as a hub, or remove it when it is all hub</source>
        <translation>Die Auswahl als Hub hinzufügen oder entfernen, wenn sie ganz Hub ist</translation>
    </message>
    <message>
        <source>&amp;Accept Suggestion</source>
        <translation>Vorschlag &amp;annehmen</translation>
    </message>
    <message>
        <source>Accept the suggestion under review as a hub</source>
        <translation>Den geprüften Vorschlag als Hub annehmen</translation>
    </message>
    <message>
        <source>&amp;Reject Suggestion</source>
        <translation>Vorschlag a&amp;blehnen</translation>
    </message>
    <message>
        <source>Reject the suggestion under review</source>
        <translation>Den geprüften Vorschlag ablehnen</translation>
    </message>
    <message>
        <source>Accept A&amp;ll Suggestions</source>
        <translation>A&amp;lle Vorschläge annehmen</translation>
    </message>
    <message>
        <source>Accept every suggestion of this record</source>
        <translation>Jeden Vorschlag dieses Datensatzes annehmen</translation>
    </message>
    <message>
        <source>&amp;Previous Suggestion</source>
        <translation>&amp;Vorheriger Vorschlag</translation>
    </message>
    <message>
        <source>Review the previous suggestion</source>
        <translation>Den vorherigen Vorschlag prüfen</translation>
    </message>
    <message>
        <source>&amp;Next Suggestion</source>
        <translation>&amp;Nächster Vorschlag</translation>
    </message>
    <message>
        <source>Review the next suggestion</source>
        <translation>Den nächsten Vorschlag prüfen</translation>
    </message>
    <message>
        <source>&amp;Done, Next Record</source>
        <translation>&amp;Fertig, nächster Datensatz</translation>
    </message>
    <message>
        <source>Keep this record&apos;s annotation (also without hubs) and go to the next record</source>
        <translation>Die Annotation dieses Datensatzes behalten (auch ohne Hubs) und zum nächsten Datensatz gehen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last annotation edit (%1)</source>
        <translation>Die letzte Annotationsänderung rückgängig machen (%1)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Redo (%1)</source>
        <translation>Wiederholen (%1)</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>◂</source>
        <translation>◂</translation>
    </message>
    <message>
        <source>▸</source>
        <translation>▸</translation>
    </message>
    <message>
        <source>Done ▸</source>
        <translation>Fertig ▸</translation>
    </message>
    <message>
        <source>▶ suggestion</source>
        <translation>▶ Vorschlag</translation>
    </message>
    <message>
        <source>Corpus Agreement</source>
        <translation>Korpus-Übereinstimmung</translation>
    </message>
    <message>
        <source>Compare the annotation with the density source&apos;s hubs over every annotated record</source>
        <translation>Die Annotation mit den Hubs der Dichtequelle über alle annotierten Datensätze vergleichen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the corpus agreement</source>
        <translation>Die Korpus-Übereinstimmung abbrechen</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>No annotated record to compare.</source>
        <translation>Kein annotierter Datensatz zum Vergleichen.</translation>
    </message>
    <message numerus="yes">
        <source>%1 over %n annotated record(s); mean κ %2</source>
        <translation>
            <numerusform>%1 über %n annotierten Datensatz; mittleres κ %2</numerusform>
            <numerusform>%1 über %n annotierte Datensätze; mittleres κ %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) left out: %1</source>
        <translation>
            <numerusform>%n Datensatz ausgelassen: %1</numerusform>
            <numerusform>%n Datensätze ausgelassen: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Record:</source>
        <translation>Datensatz:</translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation>Korpus:</translation>
    </message>
    <message>
        <source>H hub · A accept · R reject · Shift+A all · S/Shift+S next/previous suggestion · N/P record · Ctrl+Enter done, next · Alt-drag selects characters · Ctrl+Z undo</source>
        <translation>H Hub · A annehmen · R ablehnen · Umschalt+A alle · S/Umschalt+S nächster/vorheriger Vorschlag · N/P Datensatz · Strg+Eingabe fertig, weiter · Alt+Ziehen wählt Zeichen · Strg+Z rückgängig</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>κ %1 · token F1 %2 · span F1 exact %3, overlap %4</source>
        <translation>κ %1 · Token-F1 %2 · Span-F1 exakt %3, Überlappung %4</translation>
    </message>
    <message>
        <source>Open a corpus and a tokenizer first.</source>
        <translation>Zuerst ein Korpus und einen Tokenizer öffnen.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>No record to annotate yet.</source>
        <translation>Noch kein Datensatz zum Annotieren.</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>Zeichen</translation>
    </message>
    <message numerus="yes">
        <source>Selection (%1): bytes [%2, %3) “%4” · %n suggestion(s) to review</source>
        <translation>
            <numerusform>Auswahl (%1): Bytes [%2, %3) „%4“ · %n Vorschlag zu prüfen</numerusform>
            <numerusform>Auswahl (%1): Bytes [%2, %3) „%4“ · %n Vorschläge zu prüfen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drag over tokens to select (Alt-drag: characters) · %n suggestion(s) to review</source>
        <translation>
            <numerusform>Über Tokens ziehen, um auszuwählen (Alt+Ziehen: Zeichen) · %n Vorschlag zu prüfen</numerusform>
            <numerusform>Über Tokens ziehen, um auszuwählen (Alt+Ziehen: Zeichen) · %n Vorschläge zu prüfen</numerusform>
        </translation>
    </message>
    <message>
        <source>not annotated (vs %1)</source>
        <translation>nicht annotiert (gegen %1)</translation>
    </message>
    <message>
        <source>The annotation (reference) against the hubs of %1 (prediction), over the response tokens</source>
        <translation>Die Annotation (Referenz) gegen die Hubs von %1 (Vorhersage), über die Antwort-Tokens</translation>
    </message>
    <message>
        <source>no annotation file</source>
        <translation>keine Annotationsdatei</translation>
    </message>
    <message>
        <source>● unsaved edits (autosave in a moment)</source>
        <translation>● ungespeicherte Änderungen (werden gleich automatisch gespeichert)</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>gespeichert %1</translation>
    </message>
    <message>
        <source>no unsaved edits</source>
        <translation>keine ungespeicherten Änderungen</translation>
    </message>
    <message>
        <source>%1 · %2 annotated record(s) · %3</source>
        <translation>%1 · %2 annotierte Datensätze · %3</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AnnotationSpanModel</name>
    <message>
        <source>A hub of the annotation (H on a selection inside it removes it)</source>
        <translation>Ein Hub der Annotation (H auf einer Auswahl darin entfernt ihn)</translation>
    </message>
    <message>
        <source>The suggestion under review: A accepts, R rejects</source>
        <translation>Der geprüfte Vorschlag: A nimmt an, R lehnt ab</translation>
    </message>
    <message>
        <source>A suggestion of the density source, not reviewed yet</source>
        <translation>Ein Vorschlag der Dichtequelle, noch nicht geprüft</translation>
    </message>
    <message>
        <source>Rejected in this session (undo with Ctrl+Z)</source>
        <translation>In dieser Sitzung abgelehnt (rückgängig mit Strg+Z)</translation>
    </message>
    <message>
        <source>hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <source>▶ suggestion</source>
        <translation>▶ Vorschlag</translation>
    </message>
    <message>
        <source>suggestion</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>[%1, %2)</source>
        <translation>[%1, %2)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::BadLineModel</name>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Why it was rejected</source>
        <translation>Grund der Ablehnung</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::BlockChart</name>
    <message>
        <source>logical</source>
        <translation>logisch</translation>
    </message>
    <message>
        <source>syntactic</source>
        <translation>syntaktisch</translation>
    </message>
    <message>
        <source>expected 1 − t</source>
        <translation>erwartetes 1 − t</translation>
    </message>
    <message>
        <source>collapse</source>
        <translation>Kollaps</translation>
    </message>
    <message>
        <source>block</source>
        <translation>Block</translation>
    </message>
    <message>
        <source>masked share</source>
        <translation>maskierter Anteil</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>erwartet</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::BlockPanel</name>
    <message>
        <source>A block is flagged for contextual collapse when every hub token in it is masked and at least %1% of its maskable tokens are masked: its logic must be guessed from nothing.</source>
        <translation>Ein Block wird als kontextueller Kollaps markiert, wenn jedes Hub-Token darin maskiert ist und mindestens %1 % seiner maskierbaren Tokens maskiert sind: seine Logik muss dann aus dem Nichts erraten werden.</translation>
    </message>
    <message>
        <source>Block statistics are off. Set a block size in the masking controls (32 in the paper) to see how the masks fall into the blocks of block diffusion.</source>
        <translation>Die Blockstatistik ist ausgeschaltet. Stellen Sie in der Maskierung eine Blockgröße ein (32 im Paper), um zu sehen, wie die Masken auf die Blöcke der Block-Diffusion fallen.</translation>
    </message>
    <message>
        <source>No record is inspected yet.</source>
        <translation>Noch kein Datensatz untersucht.</translation>
    </message>
    <message numerus="yes">
        <source>%n block(s) of %1 tokens</source>
        <translation>
            <numerusform>%n Block mit %1 Tokens</numerusform>
            <numerusform>%n Blöcke mit je %1 Tokens</numerusform>
        </translation>
    </message>
    <message>
        <source> · contextual collapse: %1 logical, %2 syntactic</source>
        <translation> · kontextueller Kollaps: %1 logisch, %2 syntaktisch</translation>
    </message>
    <message>
        <source> (all hubs masked and ≥ %1% of the block masked)</source>
        <translation> (alle Hubs maskiert und ≥ %1 % des Blocks maskiert)</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::BlockTableModel</name>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>%1 (%2/%3)</source>
        <translation>%1 (%2/%3)</translation>
    </message>
    <message>
        <source>both</source>
        <translation>beide</translation>
    </message>
    <message>
        <source>logical</source>
        <translation>logisch</translation>
    </message>
    <message>
        <source>syntactic</source>
        <translation>syntaktisch</translation>
    </message>
    <message>
        <source>Contextual collapse: every hub of the block is masked and at least %1% of its tokens are masked</source>
        <translation>Kontextueller Kollaps: jeder Hub des Blocks ist maskiert und mindestens %1 % seiner Tokens sind maskiert</translation>
    </message>
    <message>
        <source>Tokens %1 to %2: %3 maskable, %4 masked in the logical and %5 in the syntactic sample</source>
        <translation>Tokens %1 bis %2: %3 maskierbar, %4 in der logischen und %5 in der syntaktischen Variante maskiert</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Block</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Masked (L)</source>
        <translation>Maskiert (L)</translation>
    </message>
    <message>
        <source>Run (L)</source>
        <translation>Lauf (L)</translation>
    </message>
    <message>
        <source>Hubs masked (L)</source>
        <translation>Hubs mask. (L)</translation>
    </message>
    <message>
        <source>Masked (S)</source>
        <translation>Maskiert (S)</translation>
    </message>
    <message>
        <source>Run (S)</source>
        <translation>Lauf (S)</translation>
    </message>
    <message>
        <source>Hubs masked (S)</source>
        <translation>Hubs mask. (S)</translation>
    </message>
    <message>
        <source>Collapse</source>
        <translation>Kollaps</translation>
    </message>
    <message>
        <source>Masked share of the block&apos;s maskable tokens (L: logical, S: syntactic sample)</source>
        <translation>Maskierter Anteil der maskierbaren Tokens des Blocks (L: logische, S: syntaktische Variante)</translation>
    </message>
    <message>
        <source>Longest run of consecutive masked positions in the block</source>
        <translation>Längster Lauf aufeinanderfolgender maskierter Positionen im Block</translation>
    </message>
    <message>
        <source>Share of the block&apos;s hub tokens that are masked (–: no hubs)</source>
        <translation>Anteil der maskierten Hub-Tokens des Blocks (–: keine Hubs)</translation>
    </message>
    <message>
        <source>Flagged when every hub of the block is masked and at least %1% of the block is masked</source>
        <translation>Markiert, wenn jeder Hub des Blocks maskiert ist und mindestens %1 % des Blocks maskiert sind</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::CalibrationChart</name>
    <message>
        <source>min–max p</source>
        <translation>min.–max. p</translation>
    </message>
    <message>
        <source>mean p</source>
        <translation>mittleres p</translation>
    </message>
    <message>
        <source>realized rate</source>
        <translation>realisierte Rate</translation>
    </message>
    <message>
        <source>uniform (t)</source>
        <translation>gleichmäßig (t)</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <source>density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>Rate</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::CorpusPanel</name>
    <message>
        <source>Not found: %1</source>
        <translation>Nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Searching… %1 of %2 records</source>
        <translation>Suche … %1 von %2 Datensätzen</translation>
    </message>
    <message>
        <source>Filter by id</source>
        <translation>Nach Id filtern</translation>
    </message>
    <message>
        <source>Show only records whose id contains this text</source>
        <translation>Nur Datensätze zeigen, deren Id diesen Text enthält</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>Alle Datensätze</translation>
    </message>
    <message>
        <source>Good records</source>
        <translation>Gültige Datensätze</translation>
    </message>
    <message>
        <source>Bad lines</source>
        <translation>Fehlerhafte Zeilen</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Verarbeitet</translation>
    </message>
    <message>
        <source>Unprocessed</source>
        <translation>Unverarbeitet</translation>
    </message>
    <message>
        <source>With hubs</source>
        <translation>Mit Hubs</translation>
    </message>
    <message>
        <source>Without hubs</source>
        <translation>Ohne Hubs</translation>
    </message>
    <message>
        <source>Compute all</source>
        <translation>Alle berechnen</translation>
    </message>
    <message>
        <source>Compute the statistics of every record in the background, so that sorting and filtering see all of them</source>
        <translation>Die Statistik aller Datensätze im Hintergrund berechnen, damit Sortieren und Filtern alle berücksichtigen</translation>
    </message>
    <message>
        <source>Find in records (Ctrl+F)</source>
        <translation>In Datensätzen suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Find the next record whose id, prompt or response contains this text (Enter: next, Shift+Enter: previous)</source>
        <translation>Den nächsten Datensatz finden, dessen Id, Prompt oder Antwort diesen Text enthält (Eingabe: nächster, Umschalt+Eingabe: vorheriger)</translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation>Vorherigen finden</translation>
    </message>
    <message>
        <source>Find next</source>
        <translation>Nächsten finden</translation>
    </message>
    <message>
        <source>No corpus is open.</source>
        <translation>Kein Korpus geöffnet.</translation>
    </message>
    <message>
        <source>Go to Record</source>
        <translation>Gehe zu Datensatz</translation>
    </message>
    <message>
        <source>Record number (1 to %1) or record id:</source>
        <translation>Datensatznummer (1 bis %1) oder Datensatz-Id:</translation>
    </message>
    <message>
        <source>No corpus open</source>
        <translation>Kein Korpus geöffnet</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n Datensatz</numerusform>
            <numerusform>%n Datensätze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bad line(s)</source>
        <translation>
            <numerusform>%n fehlerhafte Zeile</numerusform>
            <numerusform>%n fehlerhafte Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>Bad lines: none</source>
        <translation>Fehlerhafte Zeilen: keine</translation>
    </message>
    <message>
        <source>Bad lines: %1</source>
        <translation>Fehlerhafte Zeilen: %1</translation>
    </message>
    <message>
        <source>checking lines…</source>
        <translation>Zeilen werden geprüft …</translation>
    </message>
    <message>
        <source>Bad lines: checking…</source>
        <translation>Fehlerhafte Zeilen: Prüfung läuft …</translation>
    </message>
    <message>
        <source>statistics %1%</source>
        <translation>Statistik %1 %</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::CorpusTableModel</name>
    <message>
        <source>Not computed yet</source>
        <translation>Noch nicht berechnet</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>Record %1, line %2, id %3</source>
        <translation>Datensatz %1, Zeile %2, Id %3</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation>Hubs</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Verarbeitet</translation>
    </message>
    <message>
        <source>Entry number in the file (1-based)</source>
        <translation>Nummer des Eintrags in der Datei (ab 1)</translation>
    </message>
    <message>
        <source>Record id: the &quot;id&quot; field, else &quot;task_id&quot;, else line-N; for a bad line, why it was rejected</source>
        <translation>Datensatz-Id: das Feld „id“, sonst „task_id“, sonst line-N; bei einer fehlerhaften Zeile der Grund der Ablehnung</translation>
    </message>
    <message>
        <source>Prompt tokens (never masked)</source>
        <translation>Prompt-Tokens (nie maskiert)</translation>
    </message>
    <message>
        <source>Response tokens: the maskable set S</source>
        <translation>Antwort-Tokens: die maskierbare Menge S</translation>
    </message>
    <message>
        <source>Hub tokens (C = 1) under the current density source and hub settings</source>
        <translation>Hub-Tokens (C = 1) mit der aktuellen Dichtequelle und den aktuellen Hub-Einstellungen</translation>
    </message>
    <message>
        <source>Mean information density over the response tokens</source>
        <translation>Mittlere Informationsdichte der Antwort-Tokens</translation>
    </message>
    <message>
        <source>Whether the record gets priority masking under the processed fraction</source>
        <translation>Ob der Datensatz beim eingestellten verarbeiteten Anteil Prioritätsmaskierung erhält</translation>
    </message>
    <message>
        <source>bad line</source>
        <translation>fehlerhafte Zeile</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::DocumentLoader</name>
    <message>
        <source>%1: the file cannot be read.</source>
        <translation>%1: die Datei kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1: no such file.</source>
        <translation>%1: Datei nicht gefunden.</translation>
    </message>
    <message>
        <source>Indexing %1</source>
        <translation>%1 wird indiziert</translation>
    </message>
    <message>
        <source>Checking the records of %1</source>
        <translation>Datensätze von %1 werden geprüft</translation>
    </message>
    <message>
        <source>Checking the records failed: %1</source>
        <translation>Prüfen der Datensätze fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::InspectionContext</name>
    <message>
        <source>Unknown density source &apos;%1&apos;.</source>
        <translation>Unbekannte Dichtequelle „%1“.</translation>
    </message>
    <message>
        <source>The hub threshold or fraction must lie in [0, 1], not %1.</source>
        <translation>Hub-Schwelle oder -Anteil muss in [0, 1] liegen, nicht %1.</translation>
    </message>
    <message>
        <source>The corpus has no records.</source>
        <translation>Das Korpus enthält keine Datensätze.</translation>
    </message>
    <message>
        <source>Open (Ctrl+O) or drop a corpus (.jsonl, .txt) and a tokenizer (.model) here to begin.</source>
        <translation>Öffnen Sie ein Korpus (.jsonl, .txt) und einen Tokenizer (.model) mit Strg+O oder ziehen Sie sie hierher, um zu beginnen.</translation>
    </message>
    <message>
        <source>Open (Ctrl+O) or drop a tokenizer (.model) here to see tokens, density and masks.</source>
        <translation>Öffnen Sie einen Tokenizer (.model) mit Strg+O oder ziehen Sie ihn hierher, um Tokens, Dichte und Masken zu sehen.</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::MainWindow</name>
    <message>
        <source>Corpus</source>
        <translation>Korpus</translation>
    </message>
    <message>
        <source>Masking Controls</source>
        <translation>Maskierung</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Blöcke</translation>
    </message>
    <message>
        <source>Opened %1 (%2)</source>
        <translation>%1 geöffnet (%2)</translation>
    </message>
    <message>
        <source>Cancelled loading %1</source>
        <translation>Laden von %1 abgebrochen</translation>
    </message>
    <message>
        <source>%1: %2 records, %3 bad lines</source>
        <translation>%1: %2 Datensätze, %3 fehlerhafte Zeilen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open a corpus, tokenizer, annotation or session file</source>
        <translation>Ein Korpus, einen Tokenizer, eine Annotations- oder eine Sitzungsdatei öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open &amp;Session…</source>
        <translation>&amp;Sitzung öffnen …</translation>
    </message>
    <message>
        <source>Save Session &amp;As…</source>
        <translation>Sitzung speichern &amp;unter …</translation>
    </message>
    <message>
        <source>&amp;Export Record View…</source>
        <translation>Datensatzansicht &amp;exportieren …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Find in Records…</source>
        <translation>In Datensätzen &amp;suchen …</translation>
    </message>
    <message>
        <source>&amp;Go to Record…</source>
        <translation>Zu &amp;Datensatz …</translation>
    </message>
    <message>
        <source>&amp;Previous Record</source>
        <translation>&amp;Vorheriger Datensatz</translation>
    </message>
    <message>
        <source>&amp;Next Record</source>
        <translation>&amp;Nächster Datensatz</translation>
    </message>
    <message>
        <source>Next &amp;Step</source>
        <translation>Nächster &amp;Schritt</translation>
    </message>
    <message>
        <source>Pre&amp;vious Step</source>
        <translation>Vorheriger Sch&amp;ritt</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Logical Sample</source>
        <translation>&amp;Logische Variante</translation>
    </message>
    <message>
        <source>&amp;Syntactic Sample</source>
        <translation>S&amp;yntaktische Variante</translation>
    </message>
    <message>
        <source>Samples Side &amp;by Side</source>
        <translation>Varianten &amp;nebeneinander</translation>
    </message>
    <message>
        <source>&amp;Restore Default Layout</source>
        <translation>Standard&amp;anordnung wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About MaskScope</source>
        <translation>Ü&amp;ber MaskScope</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop loading the corpus</source>
        <translation>Laden des Korpus abbrechen</translation>
    </message>
    <message>
        <source>%1… %2%</source>
        <translation>%1 … %2 %</translation>
    </message>
    <message>
        <source>MaskScope</source>
        <translation>MaskScope</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Menü leeren</translation>
    </message>
    <message>
        <source>No documents open</source>
        <translation>Keine Dokumente geöffnet</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>MaskScope files (*.jsonl *.json *.txt *.model *.maskscope);;Corpora (*.jsonl *.json *.txt);;Tokenizers (*.model);;Annotations (*.annotations.jsonl);;Sessions (*.maskscope);;All files (*)</source>
        <translation>MaskScope-Dateien (*.jsonl *.json *.txt *.model *.maskscope);;Korpora (*.jsonl *.json *.txt);;Tokenizer (*.model);;Annotationen (*.annotations.jsonl);;Sitzungen (*.maskscope);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Sessions (*.maskscope);;All files (*)</source>
        <translation>Sitzungen (*.maskscope);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Sessions (*.maskscope)</source>
        <translation>Sitzungen (*.maskscope)</translation>
    </message>
    <message>
        <source>Saved session %1</source>
        <translation>Sitzung %1 gespeichert</translation>
    </message>
    <message>
        <source>Export Record View</source>
        <translation>Datensatzansicht exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Save Annotations</source>
        <translation>Annotationen &amp;speichern</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation>&amp;Annotieren</translation>
    </message>
    <message>
        <source>&amp;Corpus Agreement</source>
        <translation>&amp;Korpus-Übereinstimmung</translation>
    </message>
    <message>
        <source>%1%2 — MaskScope</source>
        <translation>%1%2 — MaskScope</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::MaskingControls</name>
    <message>
        <source>Reset to Defaults</source>
        <translation>Standardwerte</translation>
    </message>
    <message>
        <source>Density rules:code, hub threshold 0.5, w = 2, t in [0.3, 0.8], complementary, seed 0, step 0, block size 32</source>
        <translation>Dichte rules:code, Hub-Schwelle 0,5, w = 2, t in [0,3; 0,8], komplementär, Seed 0, Schritt 0, Blockgröße 32</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation>Hubs</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>Top fraction</source>
        <translation>Oberster Anteil</translation>
    </message>
    <message>
        <source>Threshold: tokens with density ≥ the value are hub candidates. Top fraction: the given share of response tokens with the highest density.</source>
        <translation>Schwelle: Tokens mit Dichte ≥ Wert sind Hub-Kandidaten. Oberster Anteil: der angegebene Anteil der Antwort-Tokens mit der höchsten Dichte.</translation>
    </message>
    <message>
        <source>Hub runs separated by at most this many tokens are merged</source>
        <translation>Hub-Läufe, zwischen denen höchstens so viele Tokens liegen, werden zusammengeführt</translation>
    </message>
    <message>
        <source>Hub spans shorter than this many tokens are dropped</source>
        <translation>Hub-Spannen mit weniger Tokens werden verworfen</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Merge gap</source>
        <translation>Lücke</translation>
    </message>
    <message>
        <source>Minimum span</source>
        <translation>Mindestspanne</translation>
    </message>
    <message>
        <source>Masking</source>
        <translation>Maskierung</translation>
    </message>
    <message>
        <source>Complementary</source>
        <translation>Komplementär</translation>
    </message>
    <message>
        <source>Reweighted</source>
        <translation>Umgewichtet</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>Hart</translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation>Gleichförmig</translation>
    </message>
    <message>
        <source>Logical sample m ~ Bernoulli(p); syntactic sample = its complement</source>
        <translation>Logische Variante m ~ Bernoulli(p); syntaktische Variante = ihr Komplement</translation>
    </message>
    <message>
        <source>Second sample drawn independently with weight 1/w at the same t</source>
        <translation>Zweite Variante unabhängig mit Gewicht 1/w beim selben t gezogen</translation>
    </message>
    <message>
        <source>w → ∞: hubs are masked first (ablation)</source>
        <translation>w → ∞: Hubs werden zuerst maskiert (Ablation)</translation>
    </message>
    <message>
        <source>p = t for every response token (the w = 1 baseline)</source>
        <translation>p = t für jedes Antwort-Token (die Basislinie w = 1)</translation>
    </message>
    <message>
        <source>Binary</source>
        <translation>Binär</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>Weich</translation>
    </message>
    <message>
        <source>s = w on hub tokens, 1 elsewhere</source>
        <translation>s = w auf Hub-Tokens, sonst 1</translation>
    </message>
    <message>
        <source>s = w^density for every response token</source>
        <translation>s = w^Dichte für jedes Antwort-Token</translation>
    </message>
    <message>
        <source>Priority weight of hub tokens; 1 is the uniform baseline, the paper uses 2</source>
        <translation>Prioritätsgewicht der Hub-Tokens; 1 ist die gleichförmige Basislinie, das Paper nutzt 2</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>Fest</translation>
    </message>
    <message>
        <source>Range: t is drawn uniformly per record and step; Fixed: the same t everywhere</source>
        <translation>Bereich: t wird je Datensatz und Schritt gleichverteilt gezogen; Fest: überall dasselbe t</translation>
    </message>
    <message>
        <source>t from</source>
        <translation>t von</translation>
    </message>
    <message>
        <source>t to</source>
        <translation>t bis</translation>
    </message>
    <message>
        <source>Share of records that get priority masking (chosen by a hash of the id); the rest are masked uniformly</source>
        <translation>Anteil der Datensätze mit Prioritätsmaskierung (per Hash der Id gewählt); die übrigen werden gleichförmig maskiert</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Weighting</source>
        <translation>Gewichtung</translation>
    </message>
    <message>
        <source>w</source>
        <translation>w</translation>
    </message>
    <message>
        <source>Ratio t</source>
        <translation>Anteil t</translation>
    </message>
    <message>
        <source>Processed fraction</source>
        <translation>Verarbeiteter Anteil</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Ziehung</translation>
    </message>
    <message>
        <source>Seed of the mask stream (32-bit), as --seed of maskscope-cli</source>
        <translation>Seed des Maskenstroms (32 Bit), wie --seed von maskscope-cli</translation>
    </message>
    <message>
        <source>Training step whose masks are drawn (the stream is keyed by seed, record id and step)</source>
        <translation>Trainingsschritt, dessen Masken gezogen werden (der Strom hängt von Seed, Datensatz-Id und Schritt ab)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Block size of block diffusion for the block statistics (32 in the paper); 0: off</source>
        <translation>Blockgröße der Block-Diffusion für die Blockstatistik (32 im Paper); 0: aus</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Block size</source>
        <translation>Blockgröße</translation>
    </message>
    <message>
        <source>Settings not applied: %1</source>
        <translation>Einstellungen nicht übernommen: %1</translation>
    </message>
    <message>
        <source>t</source>
        <translation>t</translation>
    </message>
    <message>
        <source>Rules for source code: conditions, loop headers, return expressions, comparisons and assigned calls score high.</source>
        <translation>Regeln für Quellcode: Bedingungen, Schleifenköpfe, Rückgabeausdrücke, Vergleiche und zugewiesene Aufrufe erhalten hohe Dichte.</translation>
    </message>
    <message>
        <source>Rules for math: equations, operators, results after &apos;=&apos; and final answers (####, \boxed) score high.</source>
        <translation>Regeln für Mathematik: Gleichungen, Operatoren, Ergebnisse nach „=“ und Endergebnisse (####, \boxed) erhalten hohe Dichte.</translation>
    </message>
    <message>
        <source>Hub spans from the open annotation file (an LLM annotator or a person).</source>
        <translation>Hub-Spannen aus der geöffneten Annotationsdatei (von einem LLM-Annotator oder einer Person).</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RecordLegend</name>
    <message>
        <source>Density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <source>hub span</source>
        <translation>Hub-Spanne</translation>
    </message>
    <message>
        <source>masked (logical)</source>
        <translation>maskiert (logisch)</translation>
    </message>
    <message>
        <source>masked (syntactic)</source>
        <translation>maskiert (syntaktisch)</translation>
    </message>
    <message>
        <source>prompt (never masked)</source>
        <translation>Prompt (nie maskiert)</translation>
    </message>
    <message>
        <source>block start</source>
        <translation>Blockanfang</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RecordPanel</name>
    <message>
        <source>Previous record (Alt+Left)</source>
        <translation>Vorheriger Datensatz (Alt+Links)</translation>
    </message>
    <message>
        <source>Next record (Alt+Right)</source>
        <translation>Nächster Datensatz (Alt+Rechts)</translation>
    </message>
    <message>
        <source>Logical</source>
        <translation>Logisch</translation>
    </message>
    <message>
        <source>Syntactic</source>
        <translation>Syntaktisch</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <source>Show the masks of the logical sample (hubs masked preferentially)</source>
        <translation>Masken der logischen Variante zeigen (Hubs bevorzugt maskiert)</translation>
    </message>
    <message>
        <source>Show the masks of the syntactic sample (the complement: glue masked)</source>
        <translation>Masken der syntaktischen Variante zeigen (das Komplement: Strukturtokens maskiert)</translation>
    </message>
    <message>
        <source>Show both samples next to each other</source>
        <translation>Beide Varianten nebeneinander zeigen</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>wird berechnet …</translation>
    </message>
    <message>
        <source>processed</source>
        <translation>verarbeitet</translation>
    </message>
    <message>
        <source>unprocessed (uniform)</source>
        <translation>unverarbeitet (gleichförmig)</translation>
    </message>
    <message>
        <source>No record</source>
        <translation>Kein Datensatz</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>step %1 · t = %2 · %3</source>
        <translation>Schritt %1 · t = %2 · %3</translation>
    </message>
    <message>
        <source>Record %1/%2</source>
        <translation>Datensatz %1/%2</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RecordView</name>
    <message>
        <source>Token %1: “%2” (id %3)</source>
        <translation>Token %1: „%2“ (Id %3)</translation>
    </message>
    <message>
        <source>Response bytes [%1, %2)</source>
        <translation>Antwort-Bytes [%1, %2)</translation>
    </message>
    <message>
        <source>Prompt bytes [%1, %2)</source>
        <translation>Prompt-Bytes [%1, %2)</translation>
    </message>
    <message>
        <source>Prompt token: never masked</source>
        <translation>Prompt-Token: nie maskiert</translation>
    </message>
    <message>
        <source>Density: %1</source>
        <translation>Dichte: %1</translation>
    </message>
    <message>
        <source>Hub: yes</source>
        <translation>Hub: ja</translation>
    </message>
    <message>
        <source>Hub: no</source>
        <translation>Hub: nein</translation>
    </message>
    <message>
        <source>p (logical): %1</source>
        <translation>p (logisch): %1</translation>
    </message>
    <message>
        <source>p (syntactic): %1</source>
        <translation>p (syntaktisch): %1</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>maskiert</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>Logical sample: %1</source>
        <translation>Logische Variante: %1</translation>
    </message>
    <message>
        <source>Syntactic sample: %1</source>
        <translation>Syntaktische Variante: %1</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>Block %1</translation>
    </message>
    <message>
        <source>Logical sample</source>
        <translation>Logische Variante</translation>
    </message>
    <message>
        <source>Syntactic sample</source>
        <translation>Syntaktische Variante</translation>
    </message>
    <message>
        <source>%1 of %2 tokens masked · expected %3</source>
        <translation>%1 von %2 Tokens maskiert · erwartet %3</translation>
    </message>
    <message>
        <source> (unprocessed record: uniform masking)</source>
        <translation> (unverarbeiteter Datensatz: gleichförmige Maskierung)</translation>
    </message>
    <message>
        <source>Prompt (empty)</source>
        <translation>Prompt (leer)</translation>
    </message>
    <message numerus="yes">
        <source>Prompt · %n token(s) · context, never masked</source>
        <translation>
            <numerusform>Prompt · %n Token · Kontext, nie maskiert</numerusform>
            <numerusform>Prompt · %n Tokens · Kontext, nie maskiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Response · %n token(s) · maskable</source>
        <translation>
            <numerusform>Antwort · %n Token · maskierbar</numerusform>
            <numerusform>Antwort · %n Tokens · maskierbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n hub token(s)</source>
        <translation>
            <numerusform> · %n Hub-Token</numerusform>
            <numerusform> · %n Hub-Tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> in %n span(s)</source>
        <translation>
            <numerusform> in %n Spanne</numerusform>
            <numerusform> in %n Spannen</numerusform>
        </translation>
    </message>
    <message>
        <source>MaskScope record view</source>
        <translation>MaskScope-Datensatzansicht</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Cannot write %1 (use a .png or .svg file name).</source>
        <translation>%1 kann nicht geschrieben werden (verwenden Sie einen Dateinamen auf .png oder .svg).</translation>
    </message>
    <message>
        <source>%1/%2 masked · expected %3</source>
        <translation>%1/%2 maskiert · erwartet %3</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::StatisticsPanel</name>
    <message>
        <source>density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>hub fraction of the record</source>
        <translation>Hub-Anteil des Datensatzes</translation>
    </message>
    <message>
        <source>records</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <source>Hub Fraction</source>
        <translation>Hub-Anteil</translation>
    </message>
    <message>
        <source>Masking probability p against density under the current policy</source>
        <translation>Maskierungswahrscheinlichkeit p gegen die Dichte unter der aktuellen Strategie</translation>
    </message>
    <message>
        <source>Density of every response token</source>
        <translation>Dichte jedes Antwort-Tokens</translation>
    </message>
    <message>
        <source>Share of hub tokens per record</source>
        <translation>Anteil der Hub-Tokens je Datensatz</translation>
    </message>
    <message>
        <source>Compute All</source>
        <translation>Alle berechnen</translation>
    </message>
    <message>
        <source>Use every record of the corpus, not only the first %L1</source>
        <translation>Alle Datensätze des Korpus verwenden, nicht nur die ersten %L1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export the chart shown as PNG or SVG (also on right-click)</source>
        <translation>Das gezeigte Diagramm als PNG oder SVG exportieren (auch per Rechtsklick)</translation>
    </message>
    <message>
        <source>Export Chart…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop computing the statistics</source>
        <translation>Die Berechnung der Statistik abbrechen</translation>
    </message>
    <message>
        <source>Cancelled; the charts show the previous result.</source>
        <translation>Abgebrochen; die Diagramme zeigen das vorherige Ergebnis.</translation>
    </message>
    <message>
        <source>Open a corpus and a tokenizer to see corpus statistics.</source>
        <translation>Ein Korpus und einen Tokenizer öffnen, um die Korpusstatistik zu sehen.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>First %L1 of %L2 records</source>
        <translation>Erste %L1 von %L2 Datensätzen</translation>
    </message>
    <message>
        <source>%L1 records</source>
        <translation>%L1 Datensätze</translation>
    </message>
    <message>
        <source> · %L1 response tokens · hub fraction %2 · mean density %3 · %4 steps each</source>
        <translation> · %L1 Antwort-Tokens · Hub-Anteil %2 · mittlere Dichte %3 · je %4 Schritte</translation>
    </message>
    <message>
        <source> · %L1 skipped: %2</source>
        <translation> · %L1 übersprungen: %2</translation>
    </message>
    <message>
        <source>density %1–%2</source>
        <translation>Dichte %1–%2</translation>
    </message>
    <message>
        <source>%1 masked too much: p / uniform = %2 (limit %3) or p = 1 in %4% of draws (limit %5%)</source>
        <translation>%1 zu stark maskiert: p / gleichmäßig = %2 (Grenze %3) oder p = 1 in %4% der Ziehungen (Grenze %5%)</translation>
    </message>
    <message>
        <source>%1 masked too little for dense tokens: p / uniform = %2 (below %3)</source>
        <translation>%1 für dichte Tokens zu schwach maskiert: p / gleichmäßig = %2 (unter %3)</translation>
    </message>
    <message>
        <source>No bin flagged. Flags are heuristics: dense tokens masked hardly more than uniform, or masked with near certainty (the hard-masking regime).</source>
        <translation>Kein Bereich markiert. Markierungen sind Heuristiken: dichte Tokens kaum stärker maskiert als gleichmäßig oder fast sicher maskiert (das Regime der harten Maskierung).</translation>
    </message>
    <message>
        <source>Flagged (heuristics): %1</source>
        <translation>Markiert (Heuristik): %1</translation>
    </message>
</context>
</TS>
