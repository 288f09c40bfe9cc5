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
    <name>CheckpointInfo</name>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n Layer</numerusform>
            <numerusform>%n Layer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation>
            <numerusform>%n Head</numerusform>
            <numerusform>%n Heads</numerusform>
        </translation>
    </message>
    <message>
        <source>hidden %1</source>
        <translation>verborgene Dimension %1</translation>
    </message>
    <message>
        <source>vocabulary %1</source>
        <translation>Vokabular %1</translation>
    </message>
    <message>
        <source>context %1</source>
        <translation>Kontext %1</translation>
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
        <source>--tracks: unknown density source &apos;%1&apos;.</source>
        <translation>--tracks: unbekannte Dichtequelle „%1“.</translation>
    </message>
    <message>
        <source>Bring these panels to the front (comma-separated: annotations, statistics, checkpoint, runs, charts, attention).</source>
        <translation>Diese Bereiche in den Vordergrund holen (durch Kommas getrennt: annotations, statistics, checkpoint, runs, charts, attention).</translation>
    </message>
    <message>
        <source>Open the checkpoint &lt;dir&gt; (a step_N directory, a checkpoints/ folder or a run directory) for the model density tracks.</source>
        <translation>Den Checkpoint &lt;verzeichnis&gt; (ein step_N-Verzeichnis, einen checkpoints/-Ordner oder ein Laufverzeichnis) für die Modell-Dichtespuren öffnen.</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>verzeichnis</translation>
    </message>
    <message>
        <source>Model density tracks to compute (comma-separated, default model:surprisal).</source>
        <translation>Zu berechnende Modell-Dichtespuren (durch Kommas getrennt, Standard model:surprisal).</translation>
    </message>
    <message>
        <source>sources</source>
        <translation>quellen</translation>
    </message>
    <message>
        <source>Device of the model density tracks: cpu or cuda.</source>
        <translation>Gerät der Modell-Dichtespuren: cpu oder cuda.</translation>
    </message>
    <message>
        <source>device</source>
        <translation>gerät</translation>
    </message>
    <message>
        <source>With --screenshot: also write the density tracks of the shown record to &lt;json&gt;.</source>
        <translation>Mit --screenshot: zusätzlich die Dichtespuren des gezeigten Datensatzes nach &lt;json&gt; schreiben.</translation>
    </message>
    <message>
        <source>json</source>
        <translation>json</translation>
    </message>
    <message>
        <source>Follow the training runs at or below &lt;path&gt; (a run directory, a TensorBoard log directory, a metrics JSONL file or a folder of runs); may be given again.</source>
        <translation>Die Trainingsläufe in oder unterhalb von &lt;pfad&gt; verfolgen (ein Laufverzeichnis, ein TensorBoard-Logverzeichnis, eine JSONL-Metrikdatei oder ein Ordner mit Läufen); kann mehrfach angegeben werden.</translation>
    </message>
    <message>
        <source>path</source>
        <translation>pfad</translation>
    </message>
    <message>
        <source>--tracks needs --checkpoint.</source>
        <translation>--tracks benötigt --checkpoint.</translation>
    </message>
    <message>
        <source>--device takes cpu or cuda.</source>
        <translation>--device erwartet cpu oder cuda.</translation>
    </message>
    <message>
        <source>--tracks-json needs --screenshot.</source>
        <translation>--tracks-json benötigt --screenshot.</translation>
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
    <message>
        <source>checkpoint</source>
        <translation>Checkpoint</translation>
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
    <message>
        <source>The annotation (reference) against the hubs of each model density track (prediction), extracted with the hub settings of the masking controls</source>
        <translation>Die Annotation (Referenz) gegen die Hubs jeder Modell-Dichtespur (Vorhersage), extrahiert mit den Hub-Einstellungen der Maskierungssteuerung</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Tracks:</source>
        <translation>Spuren:</translation>
    </message>
    <message>
        <source>%1: record not annotated</source>
        <translation>%1: Datensatz nicht annotiert</translation>
    </message>
    <message>
        <source>no model density track</source>
        <translation>keine Modell-Dichtespur</translation>
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
    <name>maskscope::ui::AttentionHeatmap</name>
    <message>
        <source>Attention heatmap</source>
        <translation>Attention-Heatmap</translation>
    </message>
    <message>
        <source>Query (rows): the token that attends</source>
        <translation>Query (Zeilen): das Token, das aufmerksam ist</translation>
    </message>
    <message>
        <source>Key (columns): the token attended to</source>
        <translation>Key (Spalten): das Token, auf das geachtet wird</translation>
    </message>
    <message>
        <source>x_0 (clean)</source>
        <translation>x_0 (sauber)</translation>
    </message>
    <message>
        <source>x_t (noisy)</source>
        <translation>x_t (verrauscht)</translation>
    </message>
    <message>
        <source>x_0</source>
        <translation>x_0</translation>
    </message>
    <message>
        <source>x_t</source>
        <translation>x_t</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>maskiert</translation>
    </message>
    <message>
        <source>hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <source>%1 “%2”</source>
        <translation>%1 „%2“</translation>
    </message>
    <message>
        <source>%1 “%2” (%3)</source>
        <translation>%1 „%2“ (%3)</translation>
    </message>
    <message>
        <source>Query %1
Key %2
Weight %3</source>
        <translation>Query %1
Key %2
Gewicht %3</translation>
    </message>
    <message>
        <source>No head selected.</source>
        <translation>Kein Head ausgewählt.</translation>
    </message>
    <message>
        <source>attention weight</source>
        <translation>Attention-Gewicht</translation>
    </message>
    <message>
        <source>hub token (bold)</source>
        <translation>Hub-Token (fett)</translation>
    </message>
    <message>
        <source>masked position of x_t (italic)</source>
        <translation>maskierte Position von x_t (kursiv)</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AttentionPanel</name>
    <message>
        <source>Training step:</source>
        <translation>Trainingsschritt:</translation>
    </message>
    <message>
        <source>Probe step</source>
        <translation>Probe-Schritt</translation>
    </message>
    <message>
        <source>Scrub through the training steps at which the attention was probed</source>
        <translation>Durch die Trainingsschritte blättern, an denen die Attention aufgezeichnet wurde</translation>
    </message>
    <message>
        <source>step %1 (%2 of %3)</source>
        <translation>Schritt %1 (%2 von %3)</translation>
    </message>
    <message>
        <source>← All heads</source>
        <translation>← Alle Heads</translation>
    </message>
    <message>
        <source>Back to the grid of every layer and head (Esc)</source>
        <translation>Zurück zum Raster aller Layer und Heads (Esc)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+wheel)</source>
        <translation>Verkleinern (Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+wheel)</source>
        <translation>Vergrößern (Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit the heatmap into the view</source>
        <translation>Die Heatmap in die Ansicht einpassen</translation>
    </message>
    <message>
        <source>Attention of masked positions to hub tokens</source>
        <translation>Attention maskierter Positionen auf Hub-Tokens</translation>
    </message>
    <message>
        <source>attention to hubs</source>
        <translation>Attention auf Hubs</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>Trainingsschritt</translation>
    </message>
    <message>
        <source>Mass on hubs</source>
        <translation>Masse auf Hubs</translation>
    </message>
    <message>
        <source>Mean over layers, heads and masked query positions of the attention mass on hub tokens, from each probe. Click a point to show that step.</source>
        <translation>Mittel über Layer, Heads und maskierte Query-Positionen der Attention-Masse auf Hub-Tokens, aus jeder Probe. Klicken Sie auf einen Punkt, um diesen Schritt anzuzeigen.</translation>
    </message>
    <message>
        <source>No run selected. Choose a run to see the attention probes it recorded.</source>
        <translation>Kein Lauf ausgewählt. Wählen Sie einen Lauf, um seine Attention-Probes zu sehen.</translation>
    </message>
    <message>
        <source>Reading the attention probes of %1…</source>
        <translation>Attention-Probes von %1 werden gelesen…</translation>
    </message>
    <message>
        <source>This run has no attention probes yet.

Start training with --probe-every N to record the attention of a probe record every N steps; the probes appear here while the run trains.</source>
        <translation>Dieser Lauf hat noch keine Attention-Probes.

Starten Sie das Training mit --probe-every N, um alle N Schritte die Attention eines Probe-Datensatzes aufzuzeichnen; die Probes erscheinen hier, während der Lauf trainiert.</translation>
    </message>
    <message>
        <source>Cannot show step %1: %2</source>
        <translation>Schritt %1 kann nicht angezeigt werden: %2</translation>
    </message>
    <message>
        <source>Rows: layers, columns: heads. Each thumbnail shows queries (rows) against keys (columns), coloured from 0 to %1, the largest weight of this step. Click a thumbnail to enlarge it.</source>
        <translation>Zeilen: Layer, Spalten: Heads. Jedes Vorschaubild zeigt Queries (Zeilen) gegen Keys (Spalten), eingefärbt von 0 bis %1, dem größten Gewicht dieses Schritts. Klicken Sie auf ein Vorschaubild, um es zu vergrößern.</translation>
    </message>
    <message>
        <source>Layer %1, head %2 at step %3</source>
        <translation>Layer %1, Head %2 bei Schritt %3</translation>
    </message>
    <message>
        <source>Probe record %1: %2 tokens, %3 hub tokens, %4 masked; %5 layers × %6 heads.</source>
        <translation>Probe-Datensatz %1: %2 Tokens, %3 Hub-Tokens, %4 maskiert; %5 Layer × %6 Heads.</translation>
    </message>
    <message>
        <source>Block diffusion (block size %1): queries and keys run over [x_t | x_0].</source>
        <translation>Block-Diffusion (Blockgröße %1): Queries und Keys laufen über [x_t | x_0].</translation>
    </message>
    <message>
        <source>Attention to hubs: %1.</source>
        <translation>Attention auf Hubs: %1.</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::AttentionThumbnailGrid</name>
    <message>
        <source>Attention of every layer and head</source>
        <translation>Attention aller Layer und Heads</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Layer %1</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>Head %1</translation>
    </message>
    <message>
        <source>Layer %1, head %2: click to enlarge</source>
        <translation>Layer %1, Head %2: zum Vergrößern klicken</translation>
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
    <name>maskscope::ui::CheckpointPanel</name>
    <message>
        <source>Open Checkpoint…</source>
        <translation>Checkpoint öffnen…</translation>
    </message>
    <message>
        <source>Open a step_N checkpoint directory, a checkpoints/ folder or a run directory</source>
        <translation>Ein step_N-Checkpoint-Verzeichnis, einen checkpoints/-Ordner oder ein Laufverzeichnis öffnen</translation>
    </message>
    <message>
        <source>Recent checkpoints</source>
        <translation>Zuletzt verwendete Checkpoints</translation>
    </message>
    <message>
        <source>Density tracks</source>
        <translation>Dichtespuren</translation>
    </message>
    <message>
        <source>This build has no model engine: only the annotation track and rule blends are available.</source>
        <translation>Dieser Build hat keine Modell-Engine: Nur die Annotationsspur und Regel-Mischungen sind verfügbar.</translation>
    </message>
    <message>
        <source>blend members, e.g. rules:code=0.5,model:surprisal=0.5</source>
        <translation>Mischungsanteile, z. B. rules:code=0.5,model:surprisal=0.5</translation>
    </message>
    <message>
        <source>The sources the blend track averages, each with its weight</source>
        <translation>Die Quellen, die die Mischspur mittelt, jeweils mit ihrem Gewicht</translation>
    </message>
    <message>
        <source>Strided passes per sweep: every response token is scored once, while masked</source>
        <translation>Versetzte Durchläufe pro Sweep: Jedes Antwort-Token wird einmal bewertet, während es maskiert ist</translation>
    </message>
    <message>
        <source>Also mask this share of the other response tokens as context</source>
        <translation>Zusätzlich diesen Anteil der übrigen Antwort-Tokens als Kontext maskieren</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Passes k</source>
        <translation>Durchläufe k</translation>
    </message>
    <message>
        <source>Context t</source>
        <translation>Kontext t</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Compute Corpus</source>
        <translation>Korpus berechnen</translation>
    </message>
    <message>
        <source>Compute the tracks of every record in the background</source>
        <translation>Die Spuren aller Datensätze im Hintergrund berechnen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop computing the corpus tracks</source>
        <translation>Die Berechnung der Korpus-Spuren abbrechen</translation>
    </message>
    <message>
        <source>%1 of %2 records</source>
        <translation>%1 von %2 Datensätzen</translation>
    </message>
    <message numerus="yes">
        <source>Tracks of %n record(s) computed.</source>
        <translation>
            <numerusform>Spuren von %n Datensatz berechnet.</numerusform>
            <numerusform>Spuren von %n Datensätzen berechnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>no recent checkpoints</source>
        <translation>noch keine Checkpoints</translation>
    </message>
    <message>
        <source>Recent…</source>
        <translation>Zuletzt…</translation>
    </message>
    <message>
        <source>Open Checkpoint</source>
        <translation>Checkpoint öffnen</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>No checkpoint open.</source>
        <translation>Kein Checkpoint geöffnet.</translation>
    </message>
    <message>
        <source>Open or drop a checkpoint directory to compute model density tracks.</source>
        <translation>Ein Checkpoint-Verzeichnis öffnen oder hierher ziehen, um Modell-Dichtespuren zu berechnen.</translation>
    </message>
    <message>
        <source>%1 · no tokenizer.model beside the weights</source>
        <translation>%1 · kein tokenizer.model neben den Gewichten</translation>
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
    <name>maskscope::ui::DensityTrackService</name>
    <message>
        <source>Stopped: the checkpoint, the tracks or the documents changed.</source>
        <translation>Angehalten: Checkpoint, Spuren oder Dokumente haben sich geändert.</translation>
    </message>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>Zuerst einen Checkpoint öffnen.</translation>
    </message>
    <message>
        <source>Open a corpus and a tokenizer and choose at least one track first.</source>
        <translation>Zuerst ein Korpus und einen Tokenizer öffnen und mindestens eine Spur wählen.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
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
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Computing density tracks</source>
        <translation>Dichtespuren werden berechnet</translation>
    </message>
    <message numerus="yes">
        <source>Density tracks of %n record(s) computed.</source>
        <translation>
            <numerusform>Dichtespuren von %n Datensatz berechnet.</numerusform>
            <numerusform>Dichtespuren von %n Datensätzen berechnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open &amp;Checkpoint…</source>
        <translation>&amp;Checkpoint öffnen …</translation>
    </message>
    <message>
        <source>Open a model checkpoint for the model density tracks</source>
        <translation>Einen Modell-Checkpoint für die Modell-Dichtespuren öffnen</translation>
    </message>
    <message>
        <source>Density &amp;Tracks</source>
        <translation>Dichte&amp;spuren</translation>
    </message>
    <message>
        <source>Show the annotation and model density tracks under every line of the record view</source>
        <translation>Die Annotations- und Modell-Dichtespuren unter jeder Zeile der Datensatzansicht zeigen</translation>
    </message>
    <message>
        <source>Stop loading the corpus or computing its density tracks</source>
        <translation>Laden des Korpus oder Berechnen seiner Dichtespuren abbrechen</translation>
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
    <name>maskscope::ui::QtSeriesChart</name>
    <message>
        <source>NaN</source>
        <translation>NaN</translation>
    </message>
    <message>
        <source>+inf</source>
        <translation>+inf</translation>
    </message>
    <message>
        <source>−inf</source>
        <translation>−inf</translation>
    </message>
    <message>
        <source>≤ 0 (not shown on a log scale)</source>
        <translation>≤ 0 (auf logarithmischer Skala nicht darstellbar)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 at %3
%n point(s) in this pixel column</source>
        <translation>
            <numerusform>%1: %2 bei %3
%n Punkt in dieser Pixelspalte</numerusform>
            <numerusform>%1: %2 bei %3
%n Punkte in dieser Pixelspalte</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
%2: %3</source>
        <translation>%1
%2: %3</translation>
    </message>
    <message>
        <source>%1: NaN (%2)</source>
        <translation>%1: NaN (%2)</translation>
    </message>
    <message>
        <source>%1: +inf (%2)</source>
        <translation>%1: +inf (%2)</translation>
    </message>
    <message>
        <source>%1: −inf (%2)</source>
        <translation>%1: −inf (%2)</translation>
    </message>
    <message>
        <source>%1: ≤ 0 (%2)</source>
        <translation>%1: ≤ 0 (%2)</translation>
    </message>
    <message>
        <source>Reset Zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Export Chart…</source>
        <translation>Diagramm exportieren…</translation>
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
    <message>
        <source>Density tracks: computing %1…</source>
        <translation>Dichtespuren: %1 wird berechnet…</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Density tracks, top to bottom: %1 (updating…)</source>
        <translation>Dichtespuren, von oben nach unten: %1 (wird aktualisiert…)</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Density tracks failed: %1</source>
        <translation>Dichtespuren fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Density tracks, top to bottom: %1</source>
        <translation>Dichtespuren, von oben nach unten: %1</translation>
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
    <message>
        <source>Track %1: %2</source>
        <translation>Spur %1: %2</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunChartPanel</name>
    <message>
        <source>hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <source>non-hub</source>
        <translation>Nicht-Hub</translation>
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
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Loss: hub vs non-hub tokens</source>
        <translation>Verlust: Hub vs. Nicht-Hub</translation>
    </message>
    <message>
        <source>Loss: logical vs syntactic samples</source>
        <translation>Verlust: logisch vs. syntaktisch</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>Gradientennorm</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation>Eval-Verlust</translation>
    </message>
    <message>
        <source>Attention to hubs (probe)</source>
        <translation>Attention auf Hubs (Probe)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Relative time</source>
        <translation>Relative Zeit</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Log-Skala</translation>
    </message>
    <message>
        <source>TensorBoard&apos;s smoothing: a debiased exponential moving average with this weight</source>
        <translation>Glättung wie in TensorBoard: ein bias-korrigierter exponentieller gleitender Durchschnitt mit diesem Gewicht</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the chart as a PNG image or an SVG drawing</source>
        <translation>Das Diagramm als PNG-Bild oder SVG-Zeichnung speichern</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>&amp;Metrik:</translation>
    </message>
    <message>
        <source>&amp;X axis:</source>
        <translation>&amp;X-Achse:</translation>
    </message>
    <message>
        <source>&amp;Smoothing:</source>
        <translation>&amp;Glättung:</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>training tokens</source>
        <translation>Trainings-Tokens</translation>
    </message>
    <message>
        <source>wall time</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>time since start (hours)</source>
        <translation>Zeit seit Start (Stunden)</translation>
    </message>
    <message>
        <source>time since start (minutes)</source>
        <translation>Zeit seit Start (Minuten)</translation>
    </message>
    <message>
        <source>time since start (seconds)</source>
        <translation>Zeit seit Start (Sekunden)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 (baseline)</source>
        <translation>%1 (Basislinie)</translation>
    </message>
    <message>
        <source>No run is shown: open a run directory, or check a run in the table.</source>
        <translation>Kein Lauf angezeigt: Öffnen Sie ein Laufverzeichnis oder haken Sie einen Lauf in der Tabelle an.</translation>
    </message>
    <message>
        <source>The shown runs have no “%1” series (yet).</source>
        <translation>Die angezeigten Läufe haben (noch) keine Reihe „%1“.</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg)</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunLaunchDialog</name>
    <message>
        <source>Launch a Training Run</source>
        <translation>Trainingslauf starten</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Clone Run %1</source>
        <translation>Lauf %1 klonen</translation>
    </message>
    <message>
        <source>Resume Run %1</source>
        <translation>Lauf %1 fortsetzen</translation>
    </message>
    <message>
        <source>The newest checkpoint is at step %1. Train up to this many steps in all (--steps):</source>
        <translation>Der neueste Checkpoint ist bei Schritt %1. Bis zu so vielen Schritten insgesamt trainieren (--steps):</translation>
    </message>
    <message>
        <source>&amp;Launch</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>--corpus: the training corpus (JSONL or plain text)</source>
        <translation>--corpus: das Trainingskorpus (JSONL oder reiner Text)</translation>
    </message>
    <message>
        <source>--tokenizer: the sentencepiece model (.model)</source>
        <translation>--tokenizer: das sentencepiece-Modell (.model)</translation>
    </message>
    <message>
        <source>--annotations: the annotation sidecar (needed for density source &quot;annotations&quot;)</source>
        <translation>--annotations: die Annotationsdatei (nötig für die Dichtequelle &quot;annotations&quot;)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>&amp;Truncate long records</source>
        <translation>Lange Datensätze &amp;kürzen</translation>
    </message>
    <message>
        <source>--truncate: cut records longer than the model&apos;s context instead of failing</source>
        <translation>--truncate: Datensätze, die länger als der Kontext des Modells sind, kürzen statt abzubrechen</translation>
    </message>
    <message>
        <source>--eval-fraction: share of records held out for evaluation (chosen by id hash)</source>
        <translation>--eval-fraction: Anteil der für die Evaluation zurückgehaltenen Datensätze (per Hash der Id gewählt)</translation>
    </message>
    <message>
        <source>&amp;Corpus</source>
        <translation>&amp;Korpus</translation>
    </message>
    <message>
        <source>Choose the Corpus</source>
        <translation>Korpus wählen</translation>
    </message>
    <message>
        <source>Corpora (*.jsonl *.json *.txt);;All files (*)</source>
        <translation>Korpora (*.jsonl *.json *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>T&amp;okenizer</source>
        <translation>T&amp;okenizer</translation>
    </message>
    <message>
        <source>Choose the Tokenizer</source>
        <translation>Tokenizer wählen</translation>
    </message>
    <message>
        <source>sentencepiece models (*.model);;All files (*)</source>
        <translation>sentencepiece-Modelle (*.model);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Annotations</source>
        <translation>&amp;Annotationen</translation>
    </message>
    <message>
        <source>Choose the Annotations</source>
        <translation>Annotationen wählen</translation>
    </message>
    <message>
        <source>Annotations (*.jsonl *.json);;All files (*)</source>
        <translation>Annotationen (*.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Held out</source>
        <translation>&amp;Zurückgehalten</translation>
    </message>
    <message>
        <source>Masking</source>
        <translation>Maskierung</translation>
    </message>
    <message>
        <source>--density: the density source that finds the hub tokens</source>
        <translation>--density: die Dichtequelle, die die Hub-Tokens findet</translation>
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
        <source>--hub-threshold X (density ≥ X) or --hub-top F (the top fraction F by density)</source>
        <translation>--hub-threshold X (Dichte ≥ X) oder --hub-top F (der oberste Anteil F nach Dichte)</translation>
    </message>
    <message>
        <source>The value of --hub-threshold or --hub-top</source>
        <translation>Der Wert von --hub-threshold oder --hub-top</translation>
    </message>
    <message>
        <source>--hub-gap: merge hub runs separated by at most this many tokens</source>
        <translation>--hub-gap: Hub-Folgen mit höchstens so vielen Tokens Abstand zusammenfassen</translation>
    </message>
    <message>
        <source>--hub-min-span: drop hub spans shorter than this many tokens</source>
        <translation>--hub-min-span: Hub-Spannen verwerfen, die kürzer als so viele Tokens sind</translation>
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
        <source>--mode: complementary, reweighted, hard or uniform</source>
        <translation>--mode: complementary, reweighted, hard oder uniform</translation>
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
        <source>--weighting: binary (s = w on hubs) or soft (s = w^density)</source>
        <translation>--weighting: binary (s = w auf Hubs) oder soft (s = w^Dichte)</translation>
    </message>
    <message>
        <source>--w: priority weight of hub tokens (1: the uniform baseline)</source>
        <translation>--w: Prioritätsgewicht der Hub-Tokens (1: die gleichförmige Basislinie)</translation>
    </message>
    <message>
        <source>--t-range A,B: the lower end A (equal ends: a fixed --t)</source>
        <translation>--t-range A,B: das untere Ende A (gleiche Enden: ein festes --t)</translation>
    </message>
    <message>
        <source>--t-range A,B: the upper end B (equal ends: a fixed --t)</source>
        <translation>--t-range A,B: das obere Ende B (gleiche Enden: ein festes --t)</translation>
    </message>
    <message>
        <source>--processed: share of records that get priority masking</source>
        <translation>--processed: Anteil der Datensätze mit Prioritätsmaskierung</translation>
    </message>
    <message>
        <source>--seed: seed of masks, record order and initialisation (32-bit)</source>
        <translation>--seed: Seed für Masken, Reihenfolge der Datensätze und Initialisierung (32 Bit)</translation>
    </message>
    <message>
        <source>&amp;Density</source>
        <translation>&amp;Dichte</translation>
    </message>
    <message>
        <source>Hub &amp;rule</source>
        <translation>Hub-&amp;Regel</translation>
    </message>
    <message>
        <source>Hub &amp;value</source>
        <translation>Hub-&amp;Wert</translation>
    </message>
    <message>
        <source>Merge &amp;gap</source>
        <translation>Zusammenfassungs&amp;abstand</translation>
    </message>
    <message>
        <source>Minimum s&amp;pan</source>
        <translation>Mindest&amp;spanne</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Modus</translation>
    </message>
    <message>
        <source>&amp;Weighting</source>
        <translation>&amp;Gewichtung</translation>
    </message>
    <message>
        <source>w</source>
        <translation>w</translation>
    </message>
    <message>
        <source>t &amp;from</source>
        <translation>t &amp;von</translation>
    </message>
    <message>
        <source>t t&amp;o</source>
        <translation>t &amp;bis</translation>
    </message>
    <message>
        <source>Processed &amp;fraction</source>
        <translation>Verarbeiteter &amp;Anteil</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>S&amp;eed</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>--preset: model size (tiny trains in seconds on a CPU)</source>
        <translation>--preset: Modellgröße (tiny trainiert in Sekunden auf einer CPU)</translation>
    </message>
    <message>
        <source>Full sequence</source>
        <translation>Ganze Sequenz</translation>
    </message>
    <message>
        <source>Block diffusion</source>
        <translation>Block-Diffusion</translation>
    </message>
    <message>
        <source>--layout: full (masked diffusion) or block (block diffusion on [x_t | x_0])</source>
        <translation>--layout: full (maskierte Diffusion) oder block (Block-Diffusion auf [x_t | x_0])</translation>
    </message>
    <message>
        <source>--block-size: block length of block diffusion</source>
        <translation>--block-size: Blocklänge der Block-Diffusion</translation>
    </message>
    <message>
        <source>ELBO (1/t)</source>
        <translation>ELBO (1/t)</translation>
    </message>
    <message>
        <source>Mean over masked tokens</source>
        <translation>Mittel über maskierte Tokens</translation>
    </message>
    <message>
        <source>--loss-weighting: elbo (LLaDA) or mean (dFactory)</source>
        <translation>--loss-weighting: elbo (LLaDA) oder mean (dFactory)</translation>
    </message>
    <message>
        <source>Pre&amp;set</source>
        <translation>&amp;Voreinstellung</translation>
    </message>
    <message>
        <source>La&amp;yout</source>
        <translation>&amp;Layout</translation>
    </message>
    <message>
        <source>&amp;Block size</source>
        <translation>&amp;Blockgröße</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>--steps: optimizer steps in total</source>
        <translation>--steps: Optimiererschritte insgesamt</translation>
    </message>
    <message>
        <source>--batch: records per step (each gives a logical and a syntactic sample)</source>
        <translation>--batch: Datensätze pro Schritt (jeder ergibt eine logische und eine syntaktische Variante)</translation>
    </message>
    <message>
        <source>--grad-accum: micro-batches per step (--batch must be a multiple of it)</source>
        <translation>--grad-accum: Mikro-Batches pro Schritt (--batch muss ein Vielfaches davon sein)</translation>
    </message>
    <message>
        <source>--lr: peak learning rate (e.g. 0.001 or 3e-4)</source>
        <translation>--lr: höchste Lernrate (z. B. 0.001 oder 3e-4)</translation>
    </message>
    <message>
        <source>--warmup: linear warm-up steps</source>
        <translation>--warmup: Schritte des linearen Aufwärmens</translation>
    </message>
    <message>
        <source>--device: cpu, or cuda when the engine sees a GPU</source>
        <translation>--device: cpu, oder cuda, wenn die Engine eine GPU sieht</translation>
    </message>
    <message>
        <source>--threads: torch intra-op threads on the CPU</source>
        <translation>--threads: Torch-Intra-Op-Threads auf der CPU</translation>
    </message>
    <message>
        <source>S&amp;teps</source>
        <translation>Sc&amp;hritte</translation>
    </message>
    <message>
        <source>Batc&amp;h</source>
        <translation>Ba&amp;tch</translation>
    </message>
    <message>
        <source>Gradient a&amp;ccumulation</source>
        <translation>Gradienten-A&amp;kkumulation</translation>
    </message>
    <message>
        <source>Learning &amp;rate</source>
        <translation>&amp;Lernrate</translation>
    </message>
    <message>
        <source>&amp;Warm-up steps</source>
        <translation>A&amp;ufwärmschritte</translation>
    </message>
    <message>
        <source>De&amp;vice</source>
        <translation>&amp;Gerät</translation>
    </message>
    <message>
        <source>Thr&amp;eads</source>
        <translation>Thr&amp;eads</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>--out: the run directory (new, or an empty directory)</source>
        <translation>--out: das Laufverzeichnis (neu oder ein leeres Verzeichnis)</translation>
    </message>
    <message>
        <source>Choose where the run goes</source>
        <translation>Ort des Laufs wählen</translation>
    </message>
    <message>
        <source>at the end</source>
        <translation>am Ende</translation>
    </message>
    <message>
        <source>--eval-every: evaluate every N steps (0: after the last step)</source>
        <translation>--eval-every: alle N Schritte evaluieren (0: nach dem letzten Schritt)</translation>
    </message>
    <message>
        <source>--checkpoint-every: checkpoint every N steps (0: at the end and on a stop)</source>
        <translation>--checkpoint-every: alle N Schritte einen Checkpoint schreiben (0: am Ende und beim Anhalten)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>--probe-every: attention probe every N steps (0: none)</source>
        <translation>--probe-every: Attention-Probe alle N Schritte (0: keine)</translation>
    </message>
    <message>
        <source>R&amp;un directory</source>
        <translation>Lauf&amp;verzeichnis</translation>
    </message>
    <message>
        <source>Eval&amp;uate every</source>
        <translation>&amp;Evaluieren alle</translation>
    </message>
    <message>
        <source>Chec&amp;kpoint every</source>
        <translation>&amp;Checkpoint alle</translation>
    </message>
    <message>
        <source>&amp;Probe every</source>
        <translation>&amp;Probe alle</translation>
    </message>
    <message>
        <source>The model is given by --model-config %1</source>
        <translation>Das Modell ist durch --model-config %1 gegeben</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA (GPU)</source>
        <translation>CUDA (GPU)</translation>
    </message>
    <message>
        <source>--lr must be a number (e.g. 0.001 or 3e-4).</source>
        <translation>--lr muss eine Zahl sein (z. B. 0.001 oder 3e-4).</translation>
    </message>
    <message>
        <source>The corpus %1 cannot be read.</source>
        <translation>Das Korpus %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The tokenizer %1 cannot be read.</source>
        <translation>Der Tokenizer %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The annotation file %1 cannot be read.</source>
        <translation>Die Annotationsdatei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The density source &quot;annotations&quot; needs an annotation file.</source>
        <translation>Die Dichtequelle &quot;annotations&quot; braucht eine Annotationsdatei.</translation>
    </message>
    <message>
        <source>The device %1 is not available here; choose the CPU.</source>
        <translation>Das Gerät %1 ist hier nicht verfügbar; wählen Sie die CPU.</translation>
    </message>
    <message>
        <source>Choose the Run Directory</source>
        <translation>Laufverzeichnis wählen</translation>
    </message>
    <message>
        <source>The run was not started: %1</source>
        <translation>Der Lauf wurde nicht gestartet: %1</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunLauncher</name>
    <message>
        <source>Choose a run directory.</source>
        <translation>Wählen Sie ein Laufverzeichnis.</translation>
    </message>
    <message>
        <source>%1 exists and is not a directory.</source>
        <translation>%1 existiert und ist kein Verzeichnis.</translation>
    </message>
    <message>
        <source>%1 is not empty; choose a new run directory.</source>
        <translation>%1 ist nicht leer; wählen Sie ein neues Laufverzeichnis.</translation>
    </message>
    <message>
        <source>%1 is not writable.</source>
        <translation>%1 ist nicht beschreibbar.</translation>
    </message>
    <message>
        <source>%1 cannot be created (%2 is not a writable directory).</source>
        <translation>%1 kann nicht angelegt werden (%2 ist kein beschreibbares Verzeichnis).</translation>
    </message>
    <message>
        <source>maskscope-cli was not found at %1.</source>
        <translation>maskscope-cli wurde unter %1 nicht gefunden.</translation>
    </message>
    <message>
        <source>Cannot create the run directory %1.</source>
        <translation>Das Laufverzeichnis %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>%1 is still running.</source>
        <translation>%1 läuft noch.</translation>
    </message>
    <message>
        <source>%1 is not a MaskScope run directory (no run.json).</source>
        <translation>%1 ist kein MaskScope-Laufverzeichnis (keine run.json).</translation>
    </message>
    <message>
        <source>The run never started training, so there is nothing to resume; launch a clone of it instead.</source>
        <translation>Der Lauf hat nie mit dem Training begonnen, es gibt also nichts fortzusetzen; starten Sie stattdessen einen Klon.</translation>
    </message>
    <message>
        <source>%1 is not a MaskScope run manifest.</source>
        <translation>%1 ist kein MaskScope-Laufmanifest.</translation>
    </message>
    <message>
        <source>The run has no checkpoint to resume from.</source>
        <translation>Der Lauf hat keinen Checkpoint, von dem er fortgesetzt werden kann.</translation>
    </message>
    <message>
        <source>The newest checkpoint is at step %1 already; resume to more steps than that.</source>
        <translation>Der neueste Checkpoint ist bereits bei Schritt %1; setzen Sie auf mehr Schritte fort.</translation>
    </message>
    <message>
        <source>Cannot start the trainer: %1</source>
        <translation>Der Trainer kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>The trainer did not start within 10 seconds (see %1).</source>
        <translation>Der Trainer ist nicht innerhalb von 10 Sekunden gestartet (siehe %1).</translation>
    </message>
    <message>
        <source>%1 has no running trainer.</source>
        <translation>%1 hat keinen laufenden Trainer.</translation>
    </message>
    <message>
        <source>Process %1 named in %2 is not this run&apos;s trainer; nothing was signalled.</source>
        <translation>Prozess %1 aus %2 ist nicht der Trainer dieses Laufs; es wurde kein Signal gesendet.</translation>
    </message>
    <message>
        <source>Cannot signal process %1: %2</source>
        <translation>Prozess %1 kann kein Signal gesendet werden: %2</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunMonitor</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>No training run was found in %1 (a MaskScope run directory, a directory of TensorBoard event files, or a metrics.jsonl file).</source>
        <translation>In %1 wurde kein Trainingslauf gefunden (gesucht: ein MaskScope-Laufverzeichnis, ein Verzeichnis mit TensorBoard-Ereignisdateien oder eine metrics.jsonl-Datei).</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunTableModel</name>
    <message>
        <source>MaskScope run</source>
        <translation>MaskScope-Lauf</translation>
    </message>
    <message>
        <source>TensorBoard event files</source>
        <translation>TensorBoard-Ereignisdateien</translation>
    </message>
    <message>
        <source>JSONL metrics file</source>
        <translation>JSONL-Metrikdatei</translation>
    </message>
    <message>
        <source>waiting for data</source>
        <translation>wartet auf Daten</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <source>%1 (baseline)</source>
        <translation>%1 (Basislinie)</translation>
    </message>
    <message>
        <source>unreadable: %1</source>
        <translation>nicht lesbar: %1</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Show this run in the charts</source>
        <translation>Diesen Lauf in den Diagrammen zeigen</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>
preset: %1</source>
        <translation>
Voreinstellung: %1</translation>
    </message>
    <message>
        <source>
created: %1</source>
        <translation>
erstellt: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) while reading:</source>
        <translation>
            <numerusform>%n Problem beim Lesen:</numerusform>
            <numerusform>%n Probleme beim Lesen:</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 vs the baseline (%2)</source>
        <translation>%1 gegenüber der Basislinie (%2)</translation>
    </message>
    <message>
        <source>The run&apos;s colour in the charts; the box shows or hides it there</source>
        <translation>Die Farbe des Laufs in den Diagrammen; das Kästchen blendet ihn dort ein oder aus</translation>
    </message>
    <message>
        <source>Last logged step (of the configured steps)</source>
        <translation>Letzter protokollierter Schritt (von den eingestellten Schritten)</translation>
    </message>
    <message>
        <source>Training tokens seen</source>
        <translation>Bisher gesehene Trainings-Tokens</translation>
    </message>
    <message>
        <source>Last training loss</source>
        <translation>Letzter Trainingsverlust</translation>
    </message>
    <message>
        <source>Lowest finite training loss</source>
        <translation>Niedrigster endlicher Trainingsverlust</translation>
    </message>
    <message>
        <source>Training throughput at the last logged step</source>
        <translation>Trainingsdurchsatz beim letzten protokollierten Schritt</translation>
    </message>
    <message>
        <source>Masking policy from run.json</source>
        <translation>Maskierungsstrategie aus run.json</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Last loss</source>
        <translation>Letzter Verlust</translation>
    </message>
    <message>
        <source>Min loss</source>
        <translation>Min. Verlust</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Masking policy</source>
        <translation>Maskierungsstrategie</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunWorkspace</name>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Run Charts</source>
        <translation>Laufdiagramme</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>&amp;Runs</source>
        <translation>&amp;Läufe</translation>
    </message>
    <message>
        <source>&amp;New Training Run…</source>
        <translation>&amp;Neuer Trainingslauf …</translation>
    </message>
    <message>
        <source>Start `maskscope-cli train` with the current masking settings</source>
        <translation>`maskscope-cli train` mit den aktuellen Maskierungseinstellungen starten</translation>
    </message>
    <message>
        <source>&amp;Open Run Directory…</source>
        <translation>Laufverzeichnis ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Show Run &amp;Charts</source>
        <translation>Lauf&amp;diagramme zeigen</translation>
    </message>
    <message>
        <source>Show &amp;Attention Probes</source>
        <translation>&amp;Attention-Probes zeigen</translation>
    </message>
    <message>
        <source>The training run %1 %2.</source>
        <translation>Trainingslauf %1: %2.</translation>
    </message>
    <message>
        <source>Last lines of its error output:</source>
        <translation>Letzte Zeilen seiner Fehlerausgabe:</translation>
    </message>
</context>
<context>
    <name>maskscope::ui::RunsPanel</name>
    <message>
        <source>New Run…</source>
        <translation>Neuer Lauf…</translation>
    </message>
    <message>
        <source>Configure and start a training run</source>
        <translation>Einen Trainingslauf einrichten und starten</translation>
    </message>
    <message>
        <source>Open Run Directory…</source>
        <translation>Laufverzeichnis öffnen…</translation>
    </message>
    <message>
        <source>Follow the runs in a directory: MaskScope runs, TensorBoard event files or metrics.jsonl</source>
        <translation>Die Läufe in einem Verzeichnis verfolgen: MaskScope-Läufe, TensorBoard-Ereignisdateien oder metrics.jsonl</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Ask the trainer to write a checkpoint and stop</source>
        <translation>Den Trainer bitten, einen Checkpoint zu schreiben und anzuhalten</translation>
    </message>
    <message>
        <source>Resume…</source>
        <translation>Fortsetzen…</translation>
    </message>
    <message>
        <source>Continue the run from its newest checkpoint</source>
        <translation>Den Lauf ab seinem neuesten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>Clone and Edit…</source>
        <translation>Klonen und bearbeiten…</translation>
    </message>
    <message>
        <source>Start a new run with this run&apos;s configuration</source>
        <translation>Einen neuen Lauf mit der Konfiguration dieses Laufs starten</translation>
    </message>
    <message>
        <source>Pin as Baseline</source>
        <translation>Als Basislinie festlegen</translation>
    </message>
    <message>
        <source>Keep this run at the top of the table and draw it distinctly in the charts</source>
        <translation>Diesen Lauf oben in der Tabelle halten und in den Diagrammen hervorgehoben zeichnen</translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation>Aus der Liste entfernen</translation>
    </message>
    <message>
        <source>Stop following this run (its files are kept)</source>
        <translation>Diesen Lauf nicht mehr verfolgen (seine Dateien bleiben erhalten)</translation>
    </message>
    <message>
        <source>Filter runs (regular expression)</source>
        <translation>Läufe filtern (regulärer Ausdruck)</translation>
    </message>
    <message>
        <source>Open Run Directory</source>
        <translation>Laufverzeichnis öffnen</translation>
    </message>
    <message>
        <source>Not a regular expression: matched as plain text</source>
        <translation>Kein regulärer Ausdruck: wird als einfacher Text gesucht</translation>
    </message>
    <message>
        <source>Show in Charts</source>
        <translation>In Diagrammen zeigen</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>Pfad kopieren</translation>
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
<context>
    <name>maskscope::ui::TrainerStatus</name>
    <message>
        <source>running (process %1)</source>
        <translation>läuft (Prozess %1)</translation>
    </message>
    <message>
        <source>ended without an exit record (killed?)</source>
        <translation>ohne Exit-Eintrag beendet (abgebrochen?)</translation>
    </message>
    <message>
        <source>ended (exit code unknown)</source>
        <translation>beendet (Exit-Code unbekannt)</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>stopped by %1</source>
        <translation>angehalten durch %1</translation>
    </message>
    <message>
        <source>killed by SIGKILL (exit code %1)</source>
        <translation>durch SIGKILL beendet (Exit-Code %1)</translation>
    </message>
    <message>
        <source>crashed: %1 (exit code %2)</source>
        <translation>abgestürzt: %1 (Exit-Code %2)</translation>
    </message>
    <message>
        <source>failed (exit code %1)</source>
        <translation>fehlgeschlagen (Exit-Code %1)</translation>
    </message>
    <message>
        <source>failed (exit code %1): %2</source>
        <translation>fehlgeschlagen (Exit-Code %1): %2</translation>
    </message>
</context>
</TS>
