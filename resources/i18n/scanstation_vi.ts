<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>ArchivePanel</name>
    <message>
        <location filename="../../scanstation/ui/archive.py" line="22" />
        <source>Outbox: dossiers waiting, sent and refused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/archive.py" line="27" />
        <location filename="../../scanstation/ui/archive.py" line="30" />
        <source>Send again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/archive.py" line="28" />
        <source>Send the selected dossier again</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="106" />
        <source>Scanned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="107" />
        <source>Missing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="108" />
        <source>Optional</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="109" />
        <source>Covered by an alternative</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="118" />
        <source>Component document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="119" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="120" />
        <source>Status</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CounterPanel</name>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="103" />
        <source>Search procedures</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="104" />
        <source>Type a procedure code or name…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="113" />
        <source>Procedures</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="121" />
        <source>No dossier yet: press Ctrl+N or pick a procedure</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="128" />
        <source>Applicant details from the ID card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="133" />
        <source>Choose the new ward…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="134" />
        <location filename="../../scanstation/ui/counter.py" line="416" />
        <source>Choose the new ward</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="143" />
        <source>Checklist of component documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="152" />
        <source>1. Procedure</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="156" />
        <source>2. Applicant (from the ID card)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="159" />
        <source>3. Component documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="165" />
        <source>Pages of the dossier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="176" />
        <source>Select a page to see it here</source>
        <translation>Chọn một trang để xem tại đây</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="178" />
        <source>Page preview</source>
        <translation>Xem trước trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="183" />
        <source>Recognised text; low-confidence words marked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="188" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="189" />
        <source>Review: page and text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="193" />
        <source>Progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="194" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="216" />
        <source>Counter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="241" />
        <source>New dossier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="242" />
        <source>Read ID card…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="243" />
        <source>Scan</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="244" />
        <source>Add files…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="245" />
        <source>Next document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="247" />
        <source>Previous document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="249" />
        <source>Rotate left</source>
        <translation>Xoay trái</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="251" />
        <source>Rotate right</source>
        <translation>Xoay phải</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="253" />
        <source>Undo last edit</source>
        <translation>Hoàn tác thao tác vừa rồi</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="255" />
        <source>Remove page</source>
        <translation>Bỏ trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="256" />
        <source>Move page earlier</source>
        <translation>Chuyển trang lên trước</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="258" />
        <source>Move page later</source>
        <translation>Chuyển trang xuống sau</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="260" />
        <source>Review</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="261" />
        <source>Build and sign</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="263" />
        <source>Queue for upload</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="264" />
        <source>Print receipt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="304" />
        <source>Something went wrong. Try again; if it happens again, tell the administrator.</source>
        <translation>Đã xảy ra lỗi. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị viên.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="307" />
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="321" />
        <source>Type the procedure, then press Enter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="333" />
        <source>Creating the dossier…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="343" />
        <source>Dossier {0} — {1} {2}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="383" />
        <source>ID card image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="390" />
        <source>Reading the ID card…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="396" />
        <source>No citizen ID QR code found on this image. Scan the card at 300 dpi or type the details.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="411" />
        <source>ID card read: check the highlighted fields</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="417" />
        <source>This ward was split; which one is it now?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="427" />
        <source>Saving the applicant…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="432" />
        <source>Add files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="440" />
        <source>Importing and cleaning pages…</source>
        <translation>Đang nhập và làm sạch các trang…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="451" />
        <source>Scanning…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="465" />
        <source>Reading the text of the new pages…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="531" />
        <source>Text not read yet…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="538" />
        <source>Signing PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="539" />
        <source>PIN of the signing token (kept in memory for this session only):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="571" />
        <source>Building and signing the dossier…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="574" />
        <source>Built and signed: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="582" />
        <source>Queueing for upload…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="585" />
        <source>Queued for upload: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="594" />
        <source>Making the receipt…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="598" />
        <source>The portal has not confirmed this dossier yet; print the receipt once it is sent.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/counter.py" line="601" />
        <source>Receipt ready: {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>GuidedPanel</name>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="43" />
        <source>Steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="53" />
        <source>Picture of this step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="57" />
        <location filename="../../scanstation/ui/guided.py" line="58" />
        <source>Choose files instead</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="60" />
        <location filename="../../scanstation/ui/guided.py" line="61" />
        <source>Back</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="64" />
        <location filename="../../scanstation/ui/guided.py" line="65" />
        <source>Next</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="91" />
        <source>Choose the service</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="92" />
        <source>Ask the person what they came for. Pick it from the list on the Counter screen, or type its name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="93" />
        <source>Go to the list</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="94" />
        <source>The ID card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="95" />
        <source>Put the citizen ID card on the scanner, QR code facing down.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="96" />
        <source>Read the card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="99" />
        <source>Needed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="99" />
        <source>Only if the person has it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="101" />
        <source>Put this paper on the scanner, face down, then press the button. ({0}; {1} page(s) so far)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="103" />
        <source>Scan this paper</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="104" />
        <source>Check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="105" />
        <source>Look at each page: is it straight and readable?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="106" />
        <source>Show the pages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="107" />
        <location filename="../../scanstation/ui/guided.py" line="109" />
        <source>Sign and send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/guided.py" line="108" />
        <source>The officer signs with the token. The dossier is then sent.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="42" />
        <source>ScanStation — digitization station</source>
        <translation>ScanStation — trạm số hóa hồ sơ</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="49" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="61" />
        <source>Select a page to see it here</source>
        <translation>Chọn một trang để xem tại đây</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="63" />
        <source>Page preview</source>
        <translation>Xem trước trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="77" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="98" />
        <source>Import files…</source>
        <translation>Nhập tệp…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="100" />
        <source>Rotate left</source>
        <translation>Xoay trái</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="102" />
        <source>Rotate right</source>
        <translation>Xoay phải</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="104" />
        <source>Undo last edit</source>
        <translation>Hoàn tác thao tác vừa rồi</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="106" />
        <source>Remove page</source>
        <translation>Bỏ trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="108" />
        <source>Move page earlier</source>
        <translation>Chuyển trang lên trước</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="110" />
        <source>Move page later</source>
        <translation>Chuyển trang xuống sau</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="112" />
        <source>Page tools</source>
        <translation>Công cụ trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="120" />
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="122" />
        <source>&amp;Page</source>
        <translation>&amp;Trang</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="132" />
        <source>Import files</source>
        <translation>Nhập tệp</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="149" />
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="150" />
        <source>Importing and cleaning pages…</source>
        <translation>Đang nhập và làm sạch các trang…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="160" />
        <source>Some files were not imported</source>
        <translation>Một số tệp chưa nhập được</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="211" />
        <source>Processing {0} ({1}/{2})</source>
        <translation>Đang xử lý {0} ({1}/{2})</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="228" />
        <source>Something went wrong. Try again; if it happens again, tell the administrator.</source>
        <translation>Đã xảy ra lỗi. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị viên.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="230" />
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="236" />
        <source>{0} pages, {1} possibly blank</source>
        <translation>{0} trang, {1} trang có thể trắng</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="165" />
        <source>Waiting to send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="166" />
        <source>Sending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="167" />
        <source>Sent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="168" />
        <source>Refused by the portal</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="169" />
        <source>Held: needs the officer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="178" />
        <source>Dossier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="179" />
        <source>Procedure</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="180" />
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="181" />
        <source>Receipt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="182" />
        <source>Updated</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PageListModel</name>
    <message>
        <location filename="../../scanstation/ui/models.py" line="141" />
        <location filename="../../scanstation/ui/models.py" line="146" />
        <location filename="../../scanstation/ui/models.py" line="154" />
        <source>Page {0}</source>
        <translation>Trang {0}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/models.py" line="148" />
        <source>Turned {0}°, skew {1:+.2f}°</source>
        <translation>Đã xoay {0}°, nghiêng {1:+.2f}°</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/models.py" line="151" />
        <source>Possibly blank: check before removing</source>
        <translation>Có thể là trang trắng: kiểm tra trước khi bỏ</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/models.py" line="155" />
        <source>possibly blank</source>
        <translation>có thể trắng</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/models.py" line="221" />
        <source>Blank?</source>
        <translation>Trang trắng?</translation>
    </message>
</context>
<context>
    <name>PrefillModel</name>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="209" />
        <source>Full name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="210" />
        <source>ID number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="211" />
        <source>Old ID number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="212" />
        <source>Date of birth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="213" />
        <source>Sex</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="214" />
        <source>Permanent address (on the card)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="215" />
        <source>Address after the 2025 merger</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="216" />
        <source>Date of issue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="240" />
        <source>Field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="241" />
        <source>Value</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ProcedureModel</name>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="79" />
        <source>Code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="80" />
        <source>Procedure</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_models.py" line="81" />
        <source>Field</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="45" />
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="49" />
        <source>Scanner (SANE name, escl:URL or camera:N)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="50" />
        <source>Resolution (dpi)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="51" />
        <source>Portal address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="52" />
        <source>Signing with (pkcs11 or pkcs12)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="53" />
        <source>PKCS#11 module</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="54" />
        <source>Token label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="55" />
        <source>Key label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="56" />
        <source>PKCS#12 file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="57" />
        <source>Station / agency name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="58" />
        <source>Keep sent dossiers (days)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="97" />
        <source>ScanStation — digitization station</source>
        <translation>ScanStation — trạm số hóa hồ sơ</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="111" />
        <source>Outbox counts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="114" />
        <source>Portal health</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="146" />
        <source>Counter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="147" />
        <source>Guided</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="148" />
        <source>Archive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="153" />
        <source>Large text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="155" />
        <source>Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="157" />
        <source>Modes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="163" />
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="166" />
        <source>&amp;Dossier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="248" />
        <source>Outbox: {0} waiting · {1} sent · {2} failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="251" />
        <source>Portal: not configured</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="253" />
        <source>Portal: reachable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="255" />
        <source>Portal: unreachable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="269" />
        <source>Unfinished dossier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../scanstation/ui/station_window.py" line="270" />
        <source>Dossier {0} was not finished ({1} pages). Continue it?</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>