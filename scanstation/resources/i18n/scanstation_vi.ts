<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>ArchivePanel</name>
    <message>
        <location filename="../../ui/archive.py" line="219" />
        <source>Outbox: dossiers waiting, sent and refused</source>
        <translation>Hộp thư đi: hồ sơ đang chờ, đã gửi và bị từ chối</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="224" />
        <location filename="../../ui/archive.py" line="227" />
        <source>Send again</source>
        <translation>Gửi lại</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="225" />
        <source>Send the selected dossier again</source>
        <translation>Gửi lại hồ sơ đã chọn</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="235" />
        <source>Outbox</source>
        <translation>Hàng đợi gửi</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="236" />
        <source>Batch review</source>
        <translation>Kiểm tra lô quét</translation>
    </message>
</context>
<context>
    <name>BatchReviewPanel</name>
    <message>
        <location filename="../../ui/archive.py" line="126" />
        <source>No batch job open.</source>
        <translation>Chưa mở lô quét nào.</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="129" />
        <source>Batch progress</source>
        <translation>Tiến độ lô quét</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="134" />
        <source>Open batch job…</source>
        <translation>Mở lô quét…</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="135" />
        <source>Open a batch job's output folder</source>
        <translation>Mở thư mục kết quả của một lô quét</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="137" />
        <location filename="../../ui/archive.py" line="139" />
        <source>Review done</source>
        <translation>Đã kiểm tra xong</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="138" />
        <source>Finish the review of this batch</source>
        <translation>Kết thúc kiểm tra lô quét này</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="153" />
        <source>Batch output folder</source>
        <translation>Thư mục kết quả của lô quét</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="173" />
        <source>{job}: {state} — {done}/{total} pages, {docs} documents, {flagged} to review; review {review}; last rate {rate} pages/min</source>
        <translation>{job}: {state} — {done}/{total} trang, {docs} văn bản, {flagged} trang cần kiểm tra; kiểm tra: {review}; tốc độ gần nhất {rate} trang/phút</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="205" />
        <source>Review finished.</source>
        <translation>Đã kiểm tra xong lô quét.</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../ui/station_models.py" line="107" />
        <source>Scanned</source>
        <translation>Đã quét</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="108" />
        <source>Missing</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="109" />
        <source>Optional</source>
        <translation>Không bắt buộc</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="110" />
        <source>Covered by an alternative</source>
        <translation>Đã có giấy tờ thay thế</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="119" />
        <source>Component document</source>
        <translation>Thành phần hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="120" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="121" />
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
</context>
<context>
    <name>CounterPanel</name>
    <message>
        <location filename="../../ui/counter.py" line="116" />
        <source>Search procedures</source>
        <translation>Tìm thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="117" />
        <source>Type a procedure code or name…</source>
        <translation>Gõ mã hoặc tên thủ tục…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="126" />
        <source>Procedures</source>
        <translation>Các thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="134" />
        <source>No dossier yet: press Ctrl+N or pick a procedure</source>
        <translation>Chưa có hồ sơ: nhấn Ctrl+N hoặc chọn một thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="141" />
        <source>Applicant details from the ID card</source>
        <translation>Thông tin người nộp từ thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="146" />
        <source>Choose the new ward…</source>
        <translation>Chọn phường/xã mới…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="147" />
        <location filename="../../ui/counter.py" line="446" />
        <source>Choose the new ward</source>
        <translation>Chọn phường/xã mới</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="156" />
        <source>Checklist of component documents</source>
        <translation>Danh mục thành phần hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="165" />
        <source>1. Procedure</source>
        <translation>1. Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="169" />
        <source>2. Applicant (from the ID card)</source>
        <translation>2. Người nộp (từ thẻ căn cước)</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="172" />
        <source>3. Component documents</source>
        <translation>3. Thành phần hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="178" />
        <source>Pages of the dossier</source>
        <translation>Các trang của hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="182" />
        <source>Select a page to see it here</source>
        <translation>Chọn một trang để xem tại đây</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="184" />
        <source>Page preview</source>
        <translation>Xem trước trang</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="189" />
        <source>Recognised text; low-confidence words marked</source>
        <translation>Văn bản nhận dạng; từ có độ tin cậy thấp được đánh dấu</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="194" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="195" />
        <source>Review: page and text</source>
        <translation>Kiểm tra: trang và văn bản</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="199" />
        <source>Progress</source>
        <translation>Tiến độ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="200" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="223" />
        <source>Counter</source>
        <translation>Quầy</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="248" />
        <source>New dossier</source>
        <translation>Hồ sơ mới</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="249" />
        <source>Read ID card…</source>
        <translation>Đọc thẻ căn cước…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="250" />
        <source>Scan</source>
        <translation>Quét</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="251" />
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="252" />
        <source>Next document</source>
        <translation>Giấy tờ tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="254" />
        <source>Previous document</source>
        <translation>Giấy tờ trước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="256" />
        <source>Rotate left</source>
        <translation>Xoay trái</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="258" />
        <source>Rotate right</source>
        <translation>Xoay phải</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="260" />
        <source>Undo last edit</source>
        <translation>Hoàn tác thao tác vừa rồi</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="262" />
        <source>Remove page</source>
        <translation>Bỏ trang</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="263" />
        <source>Move page earlier</source>
        <translation>Chuyển trang lên trước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="265" />
        <source>Move page later</source>
        <translation>Chuyển trang xuống sau</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="267" />
        <source>Review</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="268" />
        <source>Build and sign</source>
        <translation>Tạo và ký hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="270" />
        <source>Queue for upload</source>
        <translation>Đưa vào hàng đợi gửi</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="271" />
        <source>Print receipt</source>
        <translation>In giấy biên nhận</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="317" />
        <source>Something went wrong. Try again; if it happens again, tell the administrator.</source>
        <translation>Đã xảy ra lỗi. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị viên.</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="320" />
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="334" />
        <source>Type the procedure, then press Enter</source>
        <translation>Gõ tên thủ tục rồi nhấn Enter</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="346" />
        <source>Creating the dossier…</source>
        <translation>Đang tạo hồ sơ…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="357" />
        <source>{0} page(s) captured just before the interruption were put under {1}: check them.</source>
        <translation>{0} trang được chụp ngay trước khi bị gián đoạn đã được xếp vào {1}: hãy kiểm tra lại.</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="364" />
        <source>Dossier {0} — {1} {2}</source>
        <translation>Hồ sơ {0} — {1} {2}</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="413" />
        <source>ID card image</source>
        <translation>Ảnh thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="420" />
        <source>Reading the ID card…</source>
        <translation>Đang đọc thẻ căn cước…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="426" />
        <source>No citizen ID QR code found on this image. Scan the card at 300 dpi or type the details.</source>
        <translation>Không tìm thấy mã QR căn cước trên ảnh này. Hãy quét thẻ ở 300 dpi hoặc nhập thông tin bằng tay.</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="441" />
        <source>ID card read: check the highlighted fields</source>
        <translation>Đã đọc thẻ: hãy kiểm tra các ô được tô màu</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="447" />
        <source>This ward was split; which one is it now?</source>
        <translation>Phường/xã này đã được chia tách; nay thuộc đơn vị nào?</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="457" />
        <source>Saving the applicant…</source>
        <translation>Đang lưu thông tin người nộp…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="462" />
        <source>Add files</source>
        <translation>Thêm tệp</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="472" />
        <source>Importing and cleaning pages…</source>
        <translation>Đang nhập và làm sạch các trang…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="483" />
        <source>Scanning…</source>
        <translation>Đang quét…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="497" />
        <source>Reading the text of the new pages…</source>
        <translation>Đang nhận dạng chữ trên các trang mới…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="572" />
        <source>Text not read yet…</source>
        <translation>Chưa nhận dạng chữ xong…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="579" />
        <source>Signing PIN</source>
        <translation>Mã PIN ký số</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="580" />
        <source>PIN of the signing token (kept in memory for this session only):</source>
        <translation>Mã PIN của thiết bị ký số (chỉ giữ trong bộ nhớ trong phiên làm việc này):</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="612" />
        <source>Building and signing the dossier…</source>
        <translation>Đang tạo và ký hồ sơ…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="615" />
        <source>Built and signed: {0}</source>
        <translation>Đã tạo và ký: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="623" />
        <source>Queueing for upload…</source>
        <translation>Đang đưa vào hàng đợi gửi…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="626" />
        <source>Queued for upload: {0}</source>
        <translation>Đã đưa vào hàng đợi gửi: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="635" />
        <source>Making the receipt…</source>
        <translation>Đang tạo giấy biên nhận…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="639" />
        <source>The portal has not confirmed this dossier yet; print the receipt once it is sent.</source>
        <translation>Cổng dịch vụ chưa xác nhận hồ sơ này; hãy in biên nhận khi hồ sơ đã được gửi.</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="642" />
        <source>Receipt ready: {0}</source>
        <translation>Giấy biên nhận đã sẵn sàng: {0}</translation>
    </message>
</context>
<context>
    <name>GuidedPanel</name>
    <message>
        <location filename="../../ui/guided.py" line="44" />
        <source>Steps</source>
        <translation>Các bước</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="56" />
        <source>Picture of this step</source>
        <translation>Hình minh họa bước này</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="60" />
        <location filename="../../ui/guided.py" line="61" />
        <source>Choose files instead</source>
        <translation>Chọn tệp thay vì quét</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="63" />
        <location filename="../../ui/guided.py" line="64" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="67" />
        <location filename="../../ui/guided.py" line="68" />
        <source>Next</source>
        <translation>Tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="94" />
        <source>Choose the service</source>
        <translation>Chọn dịch vụ</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="95" />
        <source>Ask the person what they came for. Pick it from the list on the Counter screen, or type its name.</source>
        <translation>Hỏi người dân cần làm thủ tục gì. Chọn trong danh sách ở màn hình Quầy, hoặc gõ tên thủ tục.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="96" />
        <source>Go to the list</source>
        <translation>Mở danh sách</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="97" />
        <source>The ID card</source>
        <translation>Thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="98" />
        <source>Put the citizen ID card on the scanner, QR code facing down.</source>
        <translation>Đặt thẻ căn cước lên máy quét, mặt có mã QR úp xuống.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="99" />
        <source>Read the card</source>
        <translation>Đọc thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="102" />
        <source>Needed</source>
        <translation>Bắt buộc</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="102" />
        <source>Only if the person has it</source>
        <translation>Chỉ khi người dân có</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="104" />
        <source>Put this paper on the scanner, face down, then press the button. ({0}; {1} page(s) so far)</source>
        <translation>Đặt giấy tờ này lên máy quét, mặt chữ úp xuống, rồi bấm nút. ({0}; đã có {1} trang)</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="106" />
        <source>Scan this paper</source>
        <translation>Quét giấy tờ này</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="107" />
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="108" />
        <source>Look at each page: is it straight and readable?</source>
        <translation>Xem từng trang: có thẳng và đọc rõ không?</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="109" />
        <source>Show the pages</source>
        <translation>Xem các trang</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="110" />
        <location filename="../../ui/guided.py" line="112" />
        <source>Sign and send</source>
        <translation>Ký và gửi</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="111" />
        <source>The officer signs with the token. The dossier is then sent.</source>
        <translation>Cán bộ ký bằng thiết bị ký số. Sau đó hồ sơ được gửi đi.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="42" />
        <source>ScanStation — digitization station</source>
        <translation>ScanStation — trạm số hóa hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="49" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="54" />
        <source>Select a page to see it here</source>
        <translation>Chọn một trang để xem tại đây</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="56" />
        <source>Page preview</source>
        <translation>Xem trước trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="70" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91" />
        <source>Import files…</source>
        <translation>Nhập tệp…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93" />
        <source>Rotate left</source>
        <translation>Xoay trái</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="95" />
        <source>Rotate right</source>
        <translation>Xoay phải</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="97" />
        <source>Undo last edit</source>
        <translation>Hoàn tác thao tác vừa rồi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="99" />
        <source>Remove page</source>
        <translation>Bỏ trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="101" />
        <source>Move page earlier</source>
        <translation>Chuyển trang lên trước</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103" />
        <source>Move page later</source>
        <translation>Chuyển trang xuống sau</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="105" />
        <source>Page tools</source>
        <translation>Công cụ trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113" />
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115" />
        <source>&amp;Page</source>
        <translation>&amp;Trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125" />
        <source>Import files</source>
        <translation>Nhập tệp</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142" />
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143" />
        <source>Importing and cleaning pages…</source>
        <translation>Đang nhập và làm sạch các trang…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153" />
        <source>Some files were not imported</source>
        <translation>Một số tệp chưa nhập được</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204" />
        <source>Processing {0} ({1}/{2})</source>
        <translation>Đang xử lý {0} ({1}/{2})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="221" />
        <source>Something went wrong. Try again; if it happens again, tell the administrator.</source>
        <translation>Đã xảy ra lỗi. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị viên.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="223" />
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229" />
        <source>{0} pages, {1} possibly blank</source>
        <translation>{0} trang, {1} trang có thể trắng</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <location filename="../../ui/station_models.py" line="166" />
        <source>Waiting to send</source>
        <translation>Đang chờ gửi</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="167" />
        <source>Sending</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="168" />
        <source>Sent</source>
        <translation>Đã gửi</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="169" />
        <source>Refused by the portal</source>
        <translation>Bị cổng dịch vụ từ chối</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="170" />
        <source>Held: needs the officer</source>
        <translation>Tạm giữ: cần cán bộ xử lý</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="179" />
        <source>Dossier</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="180" />
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="181" />
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="182" />
        <source>Receipt</source>
        <translation>Biên nhận</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="183" />
        <source>Updated</source>
        <translation>Cập nhật</translation>
    </message>
</context>
<context>
    <name>PageListModel</name>
    <message>
        <location filename="../../ui/models.py" line="162" />
        <location filename="../../ui/models.py" line="167" />
        <location filename="../../ui/models.py" line="175" />
        <source>Page {0}</source>
        <translation>Trang {0}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="169" />
        <source>Turned {0}°, skew {1:+.2f}°</source>
        <translation>Đã xoay {0}°, nghiêng {1:+.2f}°</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="172" />
        <source>Possibly blank: check before removing</source>
        <translation>Có thể là trang trắng: kiểm tra trước khi bỏ</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="176" />
        <source>possibly blank</source>
        <translation>có thể trắng</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="250" />
        <source>Blank?</source>
        <translation>Trang trắng?</translation>
    </message>
</context>
<context>
    <name>PrefillModel</name>
    <message>
        <location filename="../../ui/station_models.py" line="210" />
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="211" />
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="212" />
        <source>Old ID number</source>
        <translation>Số CMND cũ</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="213" />
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="214" />
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="215" />
        <source>Permanent address (on the card)</source>
        <translation>Nơi thường trú (trên thẻ)</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="216" />
        <source>Address after the 2025 merger</source>
        <translation>Địa chỉ sau sắp xếp năm 2025</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="217" />
        <source>Date of issue</source>
        <translation>Ngày cấp</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="241" />
        <source>Detail</source>
        <translation>Thông tin</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="297" />
        <source>Check this field against the card</source>
        <translation>Hãy đối chiếu ô này với thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="242" />
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
</context>
<context>
    <name>ProcedureModel</name>
    <message>
        <location filename="../../ui/station_models.py" line="79" />
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="80" />
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="81" />
        <source>Field</source>
        <translation>Lĩnh vực</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="97" />
        <source>Procedure code not yet confirmed from an official source</source>
        <translation>Mã thủ tục chưa được xác nhận từ nguồn chính thức</translation>
    </message>
</context>
<context>
    <name>ReviewGrid</name>
    <message>
        <location filename="../../ui/archive.py" line="109" />
        <source>Flagged pages: A accept, D delete, S separator, P page</source>
        <translation>Trang cần kiểm tra: A chấp nhận, D bỏ trang, S tờ tách, P trang thường</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/station_window.py" line="48" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="52" />
        <source>Scanner (SANE name, escl:URL or camera:N)</source>
        <translation>Máy quét (tên SANE, escl:URL hoặc camera:N)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="53" />
        <source>Resolution (dpi)</source>
        <translation>Độ phân giải (dpi)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="54" />
        <source>Portal address</source>
        <translation>Địa chỉ cổng dịch vụ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="55" />
        <source>Signing with (pkcs11 or pkcs12)</source>
        <translation>Ký bằng (pkcs11 hoặc pkcs12)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="56" />
        <source>PKCS#11 module</source>
        <translation>Thư viện PKCS#11</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="57" />
        <source>Token label</source>
        <translation>Tên thiết bị ký số</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="58" />
        <source>Key label</source>
        <translation>Tên khóa</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="59" />
        <source>PKCS#12 file</source>
        <translation>Tệp PKCS#12</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="60" />
        <source>Station / agency name</source>
        <translation>Tên trạm / cơ quan</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="61" />
        <source>Keep sent dossiers (days)</source>
        <translation>Giữ hồ sơ đã gửi (ngày)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="80" />
        <location filename="../../ui/station_window.py" line="81" />
        <location filename="../../ui/station_window.py" line="82" />
        <source>Language (from the next start)</source>
        <translation>Ngôn ngữ (từ lần mở sau)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="85" />
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="86" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message>
        <location filename="../../ui/station_window.py" line="116" />
        <source>ScanStation — digitization station</source>
        <translation>ScanStation — trạm số hóa hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="130" />
        <source>Outbox counts</source>
        <translation>Số hồ sơ trong hộp thư đi</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="133" />
        <source>Portal health</source>
        <translation>Tình trạng cổng dịch vụ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="165" />
        <source>Counter</source>
        <translation>Quầy</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="166" />
        <source>Guided</source>
        <translation>Hướng dẫn</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="167" />
        <source>Archive</source>
        <translation>Lưu trữ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="172" />
        <source>Large text</source>
        <translation>Chữ lớn</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="174" />
        <source>Settings…</source>
        <translation>Cài đặt…</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="176" />
        <source>Modes</source>
        <translation>Chế độ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="182" />
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="185" />
        <source>&amp;Dossier</source>
        <translation>&amp;Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="267" />
        <source>Outbox: {0} waiting · {1} sent · {2} failed</source>
        <translation>Hộp thư đi: {0} chờ · {1} đã gửi · {2} lỗi</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="270" />
        <source>Portal: not configured</source>
        <translation>Cổng: chưa cấu hình</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="272" />
        <source>Portal: reachable</source>
        <translation>Cổng: kết nối được</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="274" />
        <source>Portal: unreachable</source>
        <translation>Cổng: không kết nối được</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="288" />
        <source>Unfinished dossier</source>
        <translation>Hồ sơ chưa xong</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="289" />
        <source>Dossier {0} was not finished ({1} pages). Continue it?</source>
        <translation>Hồ sơ {0} chưa làm xong ({1} trang). Tiếp tục hồ sơ này?</translation>
    </message>
</context>
</TS>