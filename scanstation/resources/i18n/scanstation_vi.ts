<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name />
    <message>
        <source>Signing token locked</source>
        <translation type="vanished">Thiết bị ký đã bị khóa</translation>
    </message>
    <message>
        <source>Last try before the token locks</source>
        <translation type="vanished">Lần thử cuối trước khi thiết bị ký bị khóa</translation>
    </message>
    <message>
        <source>{0}

Try a PIN anyway?</source>
        <translation type="vanished">{0}

Vẫn thử nhập PIN?</translation>
    </message>
    <message>
        <source>Signing PIN</source>
        <translation type="vanished">Mã PIN ký số</translation>
    </message>
    <message>
        <source>PIN of the signing token (kept in memory for this session only):</source>
        <translation type="vanished">Mã PIN của thiết bị ký số (chỉ giữ trong bộ nhớ trong phiên làm việc này):</translation>
    </message>
    <message>
        <source>Required documents missing</source>
        <translation type="vanished">Còn thiếu giấy tờ bắt buộc</translation>
    </message>
    <message>
        <source>These required documents are missing:
{0}

To build the dossier anyway, type the reason (it is written into the dossier); Esc goes back to scanning.</source>
        <translation type="vanished">Còn thiếu các giấy tờ bắt buộc sau:
{0}

Nếu vẫn lập hồ sơ, hãy ghi lý do (lý do được ghi vào hồ sơ); bấm Esc để quay lại quét.</translation>
    </message>
    <message>
        <source>Not built: {0} missing</source>
        <translation type="vanished">Chưa lập hồ sơ: còn thiếu {0}</translation>
    </message>
    <message>
        <source>Building and signing the dossier…</source>
        <translation type="vanished">Đang tạo và ký hồ sơ…</translation>
    </message>
    <message>
        <source>Built and signed: {0}</source>
        <translation type="vanished">Đã tạo và ký: {0}</translation>
    </message>
    <message>
        <source>Queueing for upload…</source>
        <translation type="vanished">Đang đưa vào hàng đợi gửi…</translation>
    </message>
    <message>
        <source>Queued for upload: {0}. The dossier is now locked. Print the receipt (Ctrl+P), then press Ctrl+Shift+N for the next applicant.</source>
        <translation type="vanished">Đã đưa vào hàng đợi gửi: {0}. Hồ sơ đã khóa. In giấy tiếp nhận (Ctrl+P), rồi bấm Ctrl+Shift+N cho người nộp tiếp theo.</translation>
    </message>
    <message>
        <source>Queued for upload; the dossier is locked</source>
        <translation type="vanished">Đã đưa vào hàng đợi gửi; hồ sơ đã khóa</translation>
    </message>
    <message>
        <source>Wait for the current work to finish</source>
        <translation type="vanished">Hãy chờ việc đang làm xong</translation>
    </message>
    <message>
        <source>Select a page to see it here</source>
        <translation type="vanished">Chọn một trang để xem tại đây</translation>
    </message>
    <message>
        <source>No dossier yet: press Ctrl+N or pick a procedure</source>
        <translation type="vanished">Chưa có hồ sơ: nhấn Ctrl+N hoặc chọn một thủ tục</translation>
    </message>
    <message>
        <source>Making the receipt…</source>
        <translation type="vanished">Đang tạo giấy biên nhận…</translation>
    </message>
    <message>
        <source>The portal has not confirmed this dossier yet; print the receipt once it is sent.</source>
        <translation type="vanished">Cổng dịch vụ chưa xác nhận hồ sơ này; hãy in biên nhận khi hồ sơ đã được gửi.</translation>
    </message>
    <message>
        <source>Receipt ready: {0}</source>
        <translation type="vanished">Giấy biên nhận đã sẵn sàng: {0}</translation>
    </message>
</context>
<context>
    <name>ApiIndicator</name>
    <message>
        <location filename="../../ui/api_panel.py" line="131" />
        <source>Web page using the station</source>
        <translation>Trang web đang dùng trạm</translation>
    </message>
    <message>
        <location filename="../../ui/api_panel.py" line="141" />
        <source>Web page using the station: {0}</source>
        <translation>Trang web đang dùng trạm: {0}</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../ui/api_panel.py" line="91" />
        <source>A web page asks to use this station</source>
        <translation>Một trang web xin dùng trạm này</translation>
    </message>
    <message>
        <location filename="../../ui/api_panel.py" line="93" />
        <source>This web page wants to scan, read ID cards and build dossiers with this station:</source>
        <translation>Trang web này muốn quét, đọc CCCD và lập hồ sơ bằng trạm này:</translation>
    </message>
    <message>
        <location filename="../../ui/api_panel.py" line="100" />
        <source>Code shown on the page: {0}</source>
        <translation>Mã hiện trên trang: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/api_panel.py" line="104" />
        <source>Allow only if you opened this page yourself and it shows the same code. You can revoke it later in Settings.</source>
        <translation>Chỉ cho phép nếu chính bạn mở trang này và trang hiện đúng mã này. Bạn có thể thu hồi sau trong phần Cài đặt.</translation>
    </message>
    <message>
        <location filename="../../ui/api_panel.py" line="107" />
        <source>&amp;Allow (A)</source>
        <translation>&amp;Cho phép (A)</translation>
    </message>
    <message>
        <location filename="../../ui/api_panel.py" line="108" />
        <source>&amp;Refuse (R / Esc)</source>
        <translation>&amp;Từ chối (R / Esc)</translation>
    </message>
</context>
<context>
    <name>ApprovedOrigins</name>
    <message>
        <location filename="../../ui/api_panel.py" line="164" />
        <source>Revoke</source>
        <translation>Thu hồi</translation>
    </message>
    <message>
        <location filename="../../ui/api_panel.py" line="159" />
        <source>Web pages allowed to use this station:</source>
        <translation>Các trang web được phép dùng trạm:</translation>
    </message>
</context>
<context>
    <name>ArchivePanel</name>
    <message>
        <location filename="../../ui/archive.py" line="421" />
        <source>Outbox: dossiers waiting, sent and refused</source>
        <translation>Hộp thư đi: hồ sơ đang chờ, đã gửi và bị từ chối</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="426" />
        <location filename="../../ui/archive.py" line="429" />
        <source>Send again</source>
        <translation>Gửi lại</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="427" />
        <source>Send the selected dossier again</source>
        <translation>Gửi lại hồ sơ đã chọn</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="437" />
        <source>Outbox</source>
        <translation>Hàng đợi gửi</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="438" />
        <source>Batch review</source>
        <translation>Kiểm tra lô quét</translation>
    </message>
</context>
<context>
    <name>BatchReviewPanel</name>
    <message>
        <location filename="../../ui/archive.py" line="178" />
        <source>No batch job open.</source>
        <translation>Chưa mở lô quét nào.</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="181" />
        <source>Batch progress</source>
        <translation>Tiến độ lô quét</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="185" />
        <source>Pages done in the running batch</source>
        <translation>Số trang đã xong của lô đang chạy</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="206" />
        <source>Open batch job…</source>
        <translation>Mở lô quét…</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="207" />
        <source>Open a batch job's output folder</source>
        <translation>Mở thư mục kết quả của một lô quét</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="209" />
        <location filename="../../ui/archive.py" line="211" />
        <source>Review done</source>
        <translation>Đã kiểm tra xong</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="210" />
        <source>Finish the review of this batch</source>
        <translation>Kết thúc kiểm tra lô quét này</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="227" />
        <source>Keys: A accept · D delete · S separator · P page · R/L rotate · I insert a page before · U replace with a rescan · Ctrl+Return review done</source>
        <translation>Phím: A chấp nhận · D bỏ trang · S tờ tách · P trang thường · R/L xoay · I chèn trang vào trước · U thay bằng bản quét lại · Ctrl+Enter kiểm tra xong</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="236" />
        <source>Batch output folder</source>
        <translation>Thư mục kết quả của lô quét</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="255" />
        <source>new</source>
        <translation>mới</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="255" />
        <source>running</source>
        <translation>đang chạy</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="256" />
        <source>interrupted</source>
        <translation>bị dừng giữa chừng</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="256" />
        <source>staged</source>
        <translation>đã xong, chờ xuất</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="257" />
        <source>exported</source>
        <translation>đã xuất</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="257" />
        <source>open</source>
        <translation>chưa xong</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="258" />
        <source>done</source>
        <translation>đã xong</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="258" />
        <source>waived</source>
        <translation>được miễn</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="264" />
        <source>{job}: {state} — {done}/{total} pages, {docs} documents, {flagged} to review; review {review}; last rate {rate} pages/min</source>
        <translation>{job}: {state} — {done}/{total} trang, {docs} văn bản, {flagged} trang cần kiểm tra; kiểm tra: {review}; tốc độ gần nhất {rate} trang/phút</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="324" />
        <source>{done}/{total} pages</source>
        <translation>{done}/{total} trang</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="327" />
        <source>{rate:.0f} pages/min</source>
        <translation>{rate:.0f} trang/phút</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="329" />
        <source>about {time} left</source>
        <translation>còn khoảng {time}</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="338" />
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} giờ {minutes:02d} phút</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="340" />
        <source>{minutes} min</source>
        <translation>{minutes} phút</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="341" />
        <source>{seconds} s</source>
        <translation>{seconds} giây</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="370" />
        <source>Rescanned page (one page)</source>
        <translation>Trang quét lại (một trang)</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="374" />
        <source>Images and PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf)</source>
        <translation>Ảnh và PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="390" />
        <source>Working on page {seq}…</source>
        <translation>Đang xử lý trang {seq}…</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="407" />
        <source>Review finished.</source>
        <translation>Đã kiểm tra xong lô quét.</translation>
    </message>
</context>
<context>
    <name>CheckScreen</name>
    <message>
        <location filename="../../ui/guided_screens.py" line="149" />
        <source>The pages, in order</source>
        <translation>Các trang, theo thứ tự</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../ui/station_models.py" line="146" />
        <source>Scanned</source>
        <translation>Đã quét</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="147" />
        <source>Missing</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="148" />
        <source>Optional</source>
        <translation>Không bắt buộc</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="149" />
        <source>Covered by an alternative</source>
        <translation>Đã có giấy tờ thay thế</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="158" />
        <source>Component document</source>
        <translation>Thành phần hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="159" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="160" />
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
</context>
<context>
    <name>CounterPanel</name>
    <message>
        <location filename="../../ui/counter.py" line="94" />
        <source>Search procedures</source>
        <translation>Tìm thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="95" />
        <source>Type a procedure code or name…</source>
        <translation>Gõ mã hoặc tên thủ tục…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="101" />
        <source>Procedures</source>
        <translation>Các thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="112" />
        <location filename="../../ui/counter_finish.py" line="187" />
        <source>No dossier yet: press Ctrl+N or pick a procedure</source>
        <translation>Chưa có hồ sơ: nhấn Ctrl+N hoặc chọn một thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="119" />
        <source>Applicant details from the ID card</source>
        <translation>Thông tin người nộp từ thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="125" />
        <source>Choose the new ward…</source>
        <translation>Chọn phường/xã mới…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="126" />
        <location filename="../../ui/counter.py" line="588" />
        <source>Choose the new ward</source>
        <translation>Chọn phường/xã mới</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="135" />
        <source>Checklist of component documents</source>
        <translation>Danh mục thành phần hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="146" />
        <source>1. Procedure</source>
        <translation>1. Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="150" />
        <source>2. Applicant (from the ID card)</source>
        <translation>2. Người nộp (từ thẻ căn cước)</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="153" />
        <source>3. Component documents</source>
        <translation>3. Thành phần hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="161" />
        <source>Pages of the dossier</source>
        <translation>Các trang của hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="165" />
        <location filename="../../ui/counter_finish.py" line="185" />
        <source>Select a page to see it here</source>
        <translation>Chọn một trang để xem tại đây</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="167" />
        <source>Page preview</source>
        <translation>Xem trước trang</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="175" />
        <source>Recognised text; low-confidence words marked</source>
        <translation>Văn bản nhận dạng; từ có độ tin cậy thấp được đánh dấu</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="180" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="181" />
        <source>Review: page and text</source>
        <translation>Kiểm tra: trang và văn bản</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="185" />
        <source>Progress</source>
        <translation>Tiến độ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="186" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="198" />
        <location filename="../../ui/counter.py" line="202" />
        <source>Scanner</source>
        <translation>Máy quét</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="203" />
        <source>Scanners found</source>
        <translation>Các máy quét tìm thấy</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="209" />
        <source>Scan profile</source>
        <translation>Cách quét</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="210" />
        <source>Scan profiles</source>
        <translation>Các cách quét</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="217" />
        <source>Scanner:</source>
        <translation>Máy quét:</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="219" />
        <source>Profile:</source>
        <translation>Cách quét:</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="247" />
        <source>Page tools</source>
        <translation>Công cụ trang</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="264" />
        <source>Counter</source>
        <translation>Quầy</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="300" />
        <source>New dossier</source>
        <translation>Hồ sơ mới</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="304" />
        <source>Read ID card…</source>
        <translation>Đọc thẻ căn cước…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="305" />
        <source>Scan</source>
        <translation>Quét</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="306" />
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="321" />
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="326" />
        <source>Earlier</source>
        <translation>Lên trước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="329" />
        <source>Later</source>
        <translation>Xuống sau</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="333" />
        <source>To the selected document</source>
        <translation>Sang giấy tờ đang chọn</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="334" />
        <source>Next document</source>
        <translation>Giấy tờ tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="336" />
        <source>Previous document</source>
        <translation>Giấy tờ trước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="315" />
        <source>Rotate left</source>
        <translation>Xoay trái</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="317" />
        <source>Rotate right</source>
        <translation>Xoay phải</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="319" />
        <source>Undo last edit</source>
        <translation>Hoàn tác thao tác vừa rồi</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="322" />
        <source>Remove page</source>
        <translation>Bỏ trang</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="324" />
        <source>Move page earlier</source>
        <translation>Chuyển trang lên trước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="327" />
        <source>Move page later</source>
        <translation>Chuyển trang xuống sau</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="307" />
        <source>Review</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="308" />
        <source>Build and sign</source>
        <translation>Tạo và ký hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="310" />
        <source>Queue for upload</source>
        <translation>Đưa vào hàng đợi gửi</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="311" />
        <source>Print receipt</source>
        <translation>In giấy biên nhận</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="313" />
        <source>Next applicant</source>
        <translation>Người nộp tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="331" />
        <source>Move page to the selected document</source>
        <translation>Chuyển trang sang giấy tờ đang chọn</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="302" />
        <source>Read ID card from the scanner</source>
        <translation>Đọc CCCD từ máy quét</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="338" />
        <source>Next scan profile</source>
        <translation>Cách quét tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="342" />
        <source>Go to procedures</source>
        <translation>Đến danh sách thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="343" />
        <source>Go to the applicant</source>
        <translation>Đến thông tin người nộp</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="344" />
        <source>Go to the checklist</source>
        <translation>Đến danh mục giấy tờ</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="345" />
        <source>Go to the pages</source>
        <translation>Đến các trang</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="418" />
        <source>Something went wrong. Try again; if it happens again, tell the administrator.</source>
        <translation>Đã xảy ra lỗi. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị viên.</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="427" />
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="442" />
        <source>Type the procedure, then press Enter</source>
        <translation>Gõ tên thủ tục rồi nhấn Enter</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="472" />
        <source>Creating the dossier…</source>
        <translation>Đang tạo hồ sơ…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="483" />
        <source>{0} page(s) captured just before the interruption were put under {1}: check them.</source>
        <translation>{0} trang được chụp ngay trước khi bị gián đoạn đã được xếp vào {1}: hãy kiểm tra lại.</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="490" />
        <source>Dossier {0} — {1} {2}</source>
        <translation>Hồ sơ {0} — {1} {2}</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="553" />
        <source>ID card image</source>
        <translation>Ảnh thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="560" />
        <source>Reading the ID card…</source>
        <translation>Đang đọc thẻ căn cước…</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="566" />
        <source>No citizen ID QR code found on this image. Scan the card at 300 dpi or type the details.</source>
        <translation>Không tìm thấy mã QR căn cước trên ảnh này. Hãy quét thẻ ở 300 dpi hoặc nhập thông tin bằng tay.</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="580" />
        <source>ID card read: check the highlighted fields</source>
        <translation>Đã đọc thẻ: hãy kiểm tra các ô được tô màu</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="589" />
        <source>This ward was split; which one is it now?</source>
        <translation>Phường/xã này đã được chia tách; nay thuộc đơn vị nào?</translation>
    </message>
    <message>
        <location filename="../../ui/counter.py" line="599" />
        <source>Saving the applicant…</source>
        <translation>Đang lưu thông tin người nộp…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="89" />
        <source>Add files</source>
        <translation>Thêm tệp</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="99" />
        <source>Importing and cleaning pages…</source>
        <translation>Đang nhập và làm sạch các trang…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="110" />
        <source>Scan profile: {0}</source>
        <translation>Cách quét: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="127" />
        <source>Scanning…</source>
        <translation>Đang quét…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="142" />
        <source>Reading the ID card on the scanner…</source>
        <translation>Đang đọc CCCD trên máy quét…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="174" />
        <source>Reading the text of the new pages…</source>
        <translation>Đang nhận dạng chữ trên các trang mới…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="209" />
        <source>Editing the page…</source>
        <translation>Đang sửa trang…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="219" />
        <source>Removing the page…</source>
        <translation>Đang bỏ trang…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="228" />
        <location filename="../../ui/counter_pages.py" line="237" />
        <location filename="../../ui/counter_pages.py" line="254" />
        <source>Moving the page…</source>
        <translation>Đang chuyển trang…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_pages.py" line="288" />
        <source>Text not read yet…</source>
        <translation>Chưa nhận dạng chữ xong…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="67" />
        <source>Signing token locked</source>
        <translation>Thiết bị ký đã bị khóa</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="72" />
        <source>Last try before the token locks</source>
        <translation>Lần thử cuối trước khi thiết bị ký bị khóa</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="73" />
        <source>{0}

Try a PIN anyway?</source>
        <translation>{0}

Vẫn thử nhập PIN?</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="82" />
        <source>Signing PIN</source>
        <translation>Mã PIN ký số</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="83" />
        <source>PIN of the signing token (kept in memory for this session only):</source>
        <translation>Mã PIN của thiết bị ký số (chỉ giữ trong bộ nhớ trong phiên làm việc này):</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="113" />
        <source>Required documents missing</source>
        <translation>Còn thiếu giấy tờ bắt buộc</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="114" />
        <source>These required documents are missing:
{0}

To build the dossier anyway, type the reason (it is written into the dossier); Esc goes back to scanning.</source>
        <translation>Còn thiếu các giấy tờ bắt buộc sau:
{0}

Nếu vẫn lập hồ sơ, hãy ghi lý do (lý do được ghi vào hồ sơ); bấm Esc để quay lại quét.</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="126" />
        <source>Not built: {0} missing</source>
        <translation>Chưa lập hồ sơ: còn thiếu {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="146" />
        <source>Building and signing the dossier…</source>
        <translation>Đang tạo và ký hồ sơ…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="151" />
        <source>Built and signed: {0}</source>
        <translation>Đã tạo và ký: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="161" />
        <source>Queueing for upload…</source>
        <translation>Đang đưa vào hàng đợi gửi…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="164" />
        <source>Queued for upload: {0}. The dossier is now locked. Print the receipt (Ctrl+P), then press Ctrl+Shift+N for the next applicant.</source>
        <translation>Đã đưa vào hàng đợi gửi: {0}. Hồ sơ đã khóa. In giấy tiếp nhận (Ctrl+P), rồi bấm Ctrl+Shift+N cho người nộp tiếp theo.</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="168" />
        <source>Queued for upload; the dossier is locked</source>
        <translation>Đã đưa vào hàng đợi gửi; hồ sơ đã khóa</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="175" />
        <source>Wait for the current work to finish</source>
        <translation>Hãy chờ việc đang làm xong</translation>
    </message>
    <message>
        <source>Queued for upload: {0}</source>
        <translation type="vanished">Đã đưa vào hàng đợi gửi: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="200" />
        <source>Making the receipt…</source>
        <translation>Đang tạo giấy biên nhận…</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="204" />
        <source>The portal has not confirmed this dossier yet; print the receipt once it is sent.</source>
        <translation>Cổng dịch vụ chưa xác nhận hồ sơ này; hãy in biên nhận khi hồ sơ đã được gửi.</translation>
    </message>
    <message>
        <location filename="../../ui/counter_finish.py" line="207" />
        <source>Receipt ready: {0}</source>
        <translation>Giấy biên nhận đã sẵn sàng: {0}</translation>
    </message>
</context>
<context>
    <name>FinishMixin</name>
    <message>
        <source>Signing PIN</source>
        <translation type="vanished">Mã PIN ký số</translation>
    </message>
    <message>
        <source>PIN of the signing token (kept in memory for this session only):</source>
        <translation type="vanished">Mã PIN của thiết bị ký số (chỉ giữ trong bộ nhớ trong phiên làm việc này):</translation>
    </message>
    <message>
        <source>Required documents missing</source>
        <translation type="vanished">Còn thiếu giấy tờ bắt buộc</translation>
    </message>
    <message>
        <source>These required documents are missing:
{0}

To build the dossier anyway, type the reason (it is written into the dossier); Esc goes back to scanning.</source>
        <translation type="vanished">Còn thiếu các giấy tờ bắt buộc sau:
{0}

Nếu vẫn lập hồ sơ, hãy ghi lý do (lý do được ghi vào hồ sơ); bấm Esc để quay lại quét.</translation>
    </message>
    <message>
        <source>Not built: {0} missing</source>
        <translation type="vanished">Chưa lập hồ sơ: còn thiếu {0}</translation>
    </message>
    <message>
        <source>Building and signing the dossier…</source>
        <translation type="vanished">Đang tạo và ký hồ sơ…</translation>
    </message>
    <message>
        <source>Built and signed: {0}</source>
        <translation type="vanished">Đã tạo và ký: {0}</translation>
    </message>
    <message>
        <source>Queueing for upload…</source>
        <translation type="vanished">Đang đưa vào hàng đợi gửi…</translation>
    </message>
    <message>
        <source>Queued for upload: {0}. The dossier is now locked. Print the receipt (Ctrl+P), then press Ctrl+Shift+N for the next applicant.</source>
        <translation type="vanished">Đã đưa vào hàng đợi gửi: {0}. Hồ sơ đã khóa. In giấy tiếp nhận (Ctrl+P), rồi bấm Ctrl+Shift+N cho người nộp tiếp theo.</translation>
    </message>
    <message>
        <source>Queued for upload; the dossier is locked</source>
        <translation type="vanished">Đã đưa vào hàng đợi gửi; hồ sơ đã khóa</translation>
    </message>
    <message>
        <source>Wait for the current work to finish</source>
        <translation type="vanished">Hãy chờ việc đang làm xong</translation>
    </message>
    <message>
        <source>Select a page to see it here</source>
        <translation type="vanished">Chọn một trang để xem tại đây</translation>
    </message>
    <message>
        <source>No dossier yet: press Ctrl+N or pick a procedure</source>
        <translation type="vanished">Chưa có hồ sơ: nhấn Ctrl+N hoặc chọn một thủ tục</translation>
    </message>
    <message>
        <source>Making the receipt…</source>
        <translation type="vanished">Đang tạo giấy biên nhận…</translation>
    </message>
    <message>
        <source>The portal has not confirmed this dossier yet; print the receipt once it is sent.</source>
        <translation type="vanished">Cổng dịch vụ chưa xác nhận hồ sơ này; hãy in biên nhận khi hồ sơ đã được gửi.</translation>
    </message>
    <message>
        <source>Receipt ready: {0}</source>
        <translation type="vanished">Giấy biên nhận đã sẵn sàng: {0}</translation>
    </message>
</context>
<context>
    <name>GuidedPanel</name>
    <message>
        <source>Steps</source>
        <translation type="vanished">Các bước</translation>
    </message>
    <message>
        <source>Picture of this step</source>
        <translation type="vanished">Hình minh họa bước này</translation>
    </message>
    <message>
        <source>Choose files instead</source>
        <translation type="vanished">Chọn tệp thay vì quét</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="74" />
        <source>Progress</source>
        <translation>Tiến độ</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="75" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="39" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="46" />
        <source>Ask the person what they came for. Type a few words of it (no accents needed), then press Enter.</source>
        <translation>Hỏi người dân cần làm thủ tục gì. Gõ vài chữ của tên thủ tục (không cần dấu), rồi bấm Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="54" />
        <source>Start with this service</source>
        <translation>Bắt đầu thủ tục này</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="62" />
        <source>Put the citizen ID card on the scanner glass, QR code facing down, close the lid, then press “Read the card”.</source>
        <translation>Đặt thẻ căn cước lên mặt kính máy quét, mã QR úp xuống, đóng nắp, rồi bấm “Đọc thẻ”.</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="70" />
        <source>Picture from a file</source>
        <translation>Ảnh thẻ từ tệp</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="72" />
        <location filename="../../ui/guided_layout.py" line="85" />
        <source>Next</source>
        <translation>Tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="83" />
        <source>Choose files</source>
        <translation>Chọn tệp</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="91" />
        <source>Check the pages</source>
        <translation>Kiểm tra các trang</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="92" />
        <source>Look at each page: is it straight and readable? If not, go back and scan it again.</source>
        <translation>Xem từng trang: có thẳng và đọc rõ không? Nếu không, quay lại và quét lại.</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="102" />
        <source>The pages are good</source>
        <translation>Các trang đều tốt</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="393" />
        <location filename="../../ui/guided_layout.py" line="110" />
        <source>Finish</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="114" />
        <source>Next person</source>
        <translation>Người tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="137" />
        <source>Step {0} of {1}</source>
        <translation>Bước {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="142" />
        <source>This paper is needed.</source>
        <translation>Giấy tờ này bắt buộc.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="143" />
        <source>Only if the person has this paper.</source>
        <translation>Chỉ khi người dân có giấy tờ này.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="145" />
        <source>Put all its pages in the scanner's feeder, face down, then press “Scan this paper” once.</source>
        <translation>Đặt tất cả các trang vào khay nạp giấy của máy quét, mặt chữ úp xuống, rồi bấm “Quét giấy tờ này” một lần.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="148" />
        <source>Put it on the scanner face down, close the lid, then press “Scan this paper”. Scan each page.</source>
        <translation>Đặt giấy lên máy quét, mặt chữ úp xuống, đóng nắp, rồi bấm “Quét giấy tờ này”. Quét từng trang.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="156" />
        <location filename="../../ui/guided.py" line="185" />
        <location filename="../../ui/guided.py" line="214" />
        <source>Pages of this paper so far: {0}</source>
        <translation>Số trang đã quét của giấy tờ này: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="181" />
        <source>Page {0}</source>
        <translation>Trang {0}</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="182" />
        <source>Page {0} of {1}</source>
        <translation>Trang {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="206" />
        <source>Stopping…</source>
        <translation>Đang dừng…</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="209" />
        <source>Stopped. Nothing was lost: the pages already scanned are kept.</source>
        <translation>Đã dừng. Không mất gì: các trang đã quét vẫn được giữ.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="222" />
        <source>Something went wrong. Ask the officer for help.</source>
        <translation>Có lỗi xảy ra. Hãy nhờ cán bộ giúp.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="250" />
        <source>Found: {0}</source>
        <translation>Tìm thấy: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="256" />
        <source>Nothing found. Try other words, or ask the officer.</source>
        <translation>Không tìm thấy. Hãy thử chữ khác, hoặc hỏi cán bộ.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="264" />
        <source>Starting…</source>
        <translation>Đang bắt đầu…</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="279" />
        <location filename="../../ui/guided.py" line="287" />
        <source>Reading the card…</source>
        <translation>Đang đọc thẻ…</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="282" />
        <source>Choose the picture of the ID card</source>
        <translation>Chọn ảnh của thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="293" />
        <source>No QR code found on the card. Turn the card over (QR code down) and press “Read the card” again, or choose a picture of it.</source>
        <translation>Không thấy mã QR trên thẻ. Hãy lật thẻ (mã QR úp xuống) rồi bấm “Đọc thẻ” lần nữa, hoặc chọn ảnh của thẻ.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="299" />
        <source>Name: {0}</source>
        <translation>Họ và tên: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="300" />
        <source>Date of birth: {0}</source>
        <translation>Ngày sinh: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="302" />
        <source>ID number: {0}</source>
        <translation>Số định danh: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="303" />
        <source>Is this the person? Then press “Next”.</source>
        <translation>Đúng người này không? Nếu đúng, bấm “Tiếp theo”.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="308" />
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="329" />
        <source>Scanning the pages in the feeder…</source>
        <translation>Đang quét các trang trong khay nạp giấy…</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="330" />
        <source>Scanning… do not lift the lid</source>
        <translation>Đang quét… đừng mở nắp</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="334" />
        <source>Choose the pictures of this paper</source>
        <translation>Chọn ảnh của giấy tờ này</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="343" />
        <source>Adding the pages…</source>
        <translation>Đang thêm các trang…</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="359" />
        <location filename="../../ui/guided.py" line="380" />
        <source>Reading the pages…</source>
        <translation>Đang đọc các trang…</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="375" />
        <source>{0} pages in all.</source>
        <translation>Tổng cộng {0} trang.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="377" />
        <source>Still missing: {0}.</source>
        <translation>Còn thiếu: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="394" />
        <source>Press “Finish”: the papers are made into PDF files and put in the queue to be sent.</source>
        <translation>Bấm “Hoàn tất”: giấy tờ được làm thành tệp PDF và đưa vào hàng chờ gửi.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="395" />
        <source>The officer types the signing PIN.</source>
        <translation>Cán bộ nhập mã PIN ký số.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="404" />
        <location filename="../../ui/guided.py" line="408" />
        <source>Papers missing</source>
        <translation>Thiếu giấy tờ</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="405" />
        <source>Still missing: {0}. Finish anyway?</source>
        <translation>Còn thiếu: {0}. Vẫn hoàn tất?</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="409" />
        <source>Why is it finished without them?</source>
        <translation>Vì sao hoàn tất khi còn thiếu?</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="425" />
        <source>Making the PDF files…</source>
        <translation>Đang làm tệp PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="433" />
        <source>Done</source>
        <translation>Đã xong</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="434" />
        <source>The dossier is in the queue to be sent. Give the person back their papers and card.</source>
        <translation>Hồ sơ đã vào hàng chờ gửi. Trả lại giấy tờ và thẻ cho người dân.</translation>
    </message>
    <message>
        <location filename="../../ui/guided.py" line="437" />
        <source>Dossier {0} for {1}</source>
        <translation>Hồ sơ {0} của {1}</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="45" />
        <source>Choose the service</source>
        <translation>Chọn dịch vụ</translation>
    </message>
    <message>
        <source>Ask the person what they came for. Pick it from the list on the Counter screen, or type its name.</source>
        <translation type="vanished">Hỏi người dân cần làm thủ tục gì. Chọn trong danh sách ở màn hình Quầy, hoặc gõ tên thủ tục.</translation>
    </message>
    <message>
        <source>Go to the list</source>
        <translation type="vanished">Mở danh sách</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="61" />
        <source>The ID card</source>
        <translation>Thẻ căn cước</translation>
    </message>
    <message>
        <source>Put the citizen ID card on the scanner, QR code facing down.</source>
        <translation type="vanished">Đặt thẻ căn cước lên máy quét, mặt có mã QR úp xuống.</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="67" />
        <source>Read the card</source>
        <translation>Đọc thẻ</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation type="vanished">Bắt buộc</translation>
    </message>
    <message>
        <source>Only if the person has it</source>
        <translation type="vanished">Chỉ khi người dân có</translation>
    </message>
    <message>
        <source>Put this paper on the scanner, face down, then press the button. ({0}; {1} page(s) so far)</source>
        <translation type="vanished">Đặt giấy tờ này lên máy quét, mặt chữ úp xuống, rồi bấm nút. ({0}; đã có {1} trang)</translation>
    </message>
    <message>
        <location filename="../../ui/guided_layout.py" line="80" />
        <source>Scan this paper</source>
        <translation>Quét giấy tờ này</translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="vanished">Kiểm tra</translation>
    </message>
    <message>
        <source>Look at each page: is it straight and readable?</source>
        <translation type="vanished">Xem từng trang: có thẳng và đọc rõ không?</translation>
    </message>
    <message>
        <source>Show the pages</source>
        <translation type="vanished">Xem các trang</translation>
    </message>
    <message>
        <source>Sign and send</source>
        <translation type="vanished">Ký và gửi</translation>
    </message>
    <message>
        <source>The officer signs with the token. The dossier is then sent.</source>
        <translation type="vanished">Cán bộ ký bằng thiết bị ký số. Sau đó hồ sơ được gửi đi.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="43" />
        <source>ScanStation — digitization station</source>
        <translation>ScanStation — trạm số hóa hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="50" />
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="55" />
        <source>Select a page to see it here</source>
        <translation>Chọn một trang để xem tại đây</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="57" />
        <source>Page preview</source>
        <translation>Xem trước trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="92" />
        <source>Import files…</source>
        <translation>Nhập tệp…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94" />
        <source>Rotate left</source>
        <translation>Xoay trái</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="96" />
        <source>Rotate right</source>
        <translation>Xoay phải</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="98" />
        <source>Undo last edit</source>
        <translation>Hoàn tác thao tác vừa rồi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="100" />
        <source>Remove page</source>
        <translation>Bỏ trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="102" />
        <source>Move page earlier</source>
        <translation>Chuyển trang lên trước</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="104" />
        <source>Move page later</source>
        <translation>Chuyển trang xuống sau</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="106" />
        <source>Page tools</source>
        <translation>Công cụ trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114" />
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116" />
        <source>&amp;Page</source>
        <translation>&amp;Trang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126" />
        <source>Import files</source>
        <translation>Nhập tệp</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143" />
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144" />
        <source>Importing and cleaning pages…</source>
        <translation>Đang nhập và làm sạch các trang…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154" />
        <source>Some files were not imported</source>
        <translation>Một số tệp chưa nhập được</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205" />
        <source>Processing {0} ({1}/{2})</source>
        <translation>Đang xử lý {0} ({1}/{2})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="222" />
        <source>Something went wrong. Try again; if it happens again, tell the administrator.</source>
        <translation>Đã xảy ra lỗi. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị viên.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224" />
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="230" />
        <source>{0} pages, {1} possibly blank</source>
        <translation>{0} trang, {1} trang có thể trắng</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <location filename="../../ui/station_models.py" line="205" />
        <source>Waiting to send</source>
        <translation>Đang chờ gửi</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="206" />
        <source>Sending</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="207" />
        <source>Sent</source>
        <translation>Đã gửi</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="208" />
        <source>Refused by the portal</source>
        <translation>Bị cổng dịch vụ từ chối</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="209" />
        <source>Held: needs the officer</source>
        <translation>Tạm giữ: cần cán bộ xử lý</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="218" />
        <source>Dossier</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="219" />
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="220" />
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="221" />
        <source>Receipt</source>
        <translation>Biên nhận</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="222" />
        <source>Updated</source>
        <translation>Cập nhật</translation>
    </message>
</context>
<context>
    <name>PageListModel</name>
    <message>
        <location filename="../../ui/models.py" line="170" />
        <location filename="../../ui/models.py" line="175" />
        <location filename="../../ui/models.py" line="183" />
        <source>Page {0}</source>
        <translation>Trang {0}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="177" />
        <source>Turned {0}°, skew {1:+.2f}°</source>
        <translation>Đã xoay {0}°, nghiêng {1:+.2f}°</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="180" />
        <source>Possibly blank: check before removing</source>
        <translation>Có thể là trang trắng: kiểm tra trước khi bỏ</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="184" />
        <source>possibly blank</source>
        <translation>có thể trắng</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="263" />
        <source>Blank?</source>
        <translation>Trang trắng?</translation>
    </message>
</context>
<context>
    <name>PagesMixin</name>
    <message>
        <source>Add files</source>
        <translation type="vanished">Thêm tệp</translation>
    </message>
    <message>
        <source>Importing and cleaning pages…</source>
        <translation type="vanished">Đang nhập và làm sạch các trang…</translation>
    </message>
    <message>
        <source>Scan profile: {0}</source>
        <translation type="vanished">Cách quét: {0}</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation type="vanished">Đang quét…</translation>
    </message>
    <message>
        <source>Reading the ID card on the scanner…</source>
        <translation type="vanished">Đang đọc CCCD trên máy quét…</translation>
    </message>
    <message>
        <source>Reading the text of the new pages…</source>
        <translation type="vanished">Đang nhận dạng chữ trên các trang mới…</translation>
    </message>
    <message>
        <source>Editing the page…</source>
        <translation type="vanished">Đang sửa trang…</translation>
    </message>
    <message>
        <source>Removing the page…</source>
        <translation type="vanished">Đang bỏ trang…</translation>
    </message>
    <message>
        <source>Moving the page…</source>
        <translation type="vanished">Đang chuyển trang…</translation>
    </message>
    <message>
        <source>Text not read yet…</source>
        <translation type="vanished">Chưa nhận dạng chữ xong…</translation>
    </message>
</context>
<context>
    <name>PrefillModel</name>
    <message>
        <location filename="../../ui/station_models.py" line="250" />
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="251" />
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="252" />
        <source>Old ID number</source>
        <translation>Số CMND cũ</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="253" />
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="254" />
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="255" />
        <source>Permanent address (on the card)</source>
        <translation>Nơi thường trú (trên thẻ)</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="256" />
        <source>Address after the 2025 merger</source>
        <translation>Địa chỉ sau sắp xếp năm 2025</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="257" />
        <source>Date of issue</source>
        <translation>Ngày cấp</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="284" />
        <source>Detail</source>
        <translation>Thông tin</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="347" />
        <source>Check this field against the card</source>
        <translation>Hãy đối chiếu ô này với thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="285" />
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
</context>
<context>
    <name>ProcedureModel</name>
    <message>
        <location filename="../../ui/station_models.py" line="82" />
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="83" />
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="84" />
        <source>Field</source>
        <translation>Lĩnh vực</translation>
    </message>
    <message>
        <location filename="../../ui/station_models.py" line="100" />
        <source>Procedure code not yet confirmed from an official source</source>
        <translation>Mã thủ tục chưa được đối chiếu với nguồn chính thức</translation>
    </message>
</context>
<context>
    <name>ProcedureScreen</name>
    <message>
        <location filename="../../ui/guided_screens.py" line="122" />
        <source>Type what the person came for</source>
        <translation>Gõ thủ tục người dân cần làm</translation>
    </message>
    <message>
        <location filename="../../ui/guided_screens.py" line="123" />
        <source>For example: ket hon, khai sinh</source>
        <translation>Ví dụ: ket hon, khai sinh</translation>
    </message>
    <message>
        <location filename="../../ui/guided_screens.py" line="126" />
        <source>Services found</source>
        <translation>Các thủ tục tìm thấy</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="47" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="48" />
        <source>Forward</source>
        <translation>Tiến</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="49" />
        <source>Parent Directory</source>
        <translation>Thư mục cha</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="50" />
        <source>Create New Folder</source>
        <translation>Tạo thư mục mới</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="51" />
        <source>List View</source>
        <translation>Xem dạng danh sách</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="52" />
        <source>Detail View</source>
        <translation>Xem chi tiết</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="53" />
        <source>Sidebar</source>
        <translation>Thanh bên</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="54" />
        <source>Recent Places</source>
        <translation>Nơi mở gần đây</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="55" />
        <source>&amp;Rename</source>
        <translation>Đổi &amp;tên</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="56" />
        <source>&amp;Delete</source>
        <translation>&amp;Xóa</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="57" />
        <source>Show &amp;hidden files</source>
        <translation>Hiện tệp &amp;ẩn</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="58" />
        <source>&amp;New Folder</source>
        <translation>Thư mục &amp;mới</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="59" />
        <source>&amp;Open</source>
        <translation>&amp;Mở</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="60" />
        <source>&amp;Choose</source>
        <translation>&amp;Chọn</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="61" />
        <source>Directory:</source>
        <translation>Thư mục:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="62" />
        <source>File &amp;name:</source>
        <translation>&amp;Tên tệp:</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="63" />
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="64" />
        <source>Size</source>
        <translation>Kích thước</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="65" />
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="66" />
        <source>Date Modified</source>
        <translation>Ngày sửa</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="67" />
        <source>Computer</source>
        <translation>Máy tính</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="38" />
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="39" />
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="40" />
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="41" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="42" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="43" />
        <source>&amp;Yes</source>
        <translation>&amp;Có</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="44" />
        <source>&amp;No</source>
        <translation>&amp;Không</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="45" />
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="46" />
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
</context>
<context>
    <name>ReviewGrid</name>
    <message>
        <source>Flagged pages: A accept, D delete, S separator, P page</source>
        <translation type="vanished">Trang cần kiểm tra: A chấp nhận, D bỏ trang, S tờ tách, P trang thường</translation>
    </message>
    <message>
        <location filename="../../ui/archive.py" line="156" />
        <source>Flagged pages: A accept, D delete, S separator, P page, R or L rotate, I insert a page before, U replace with a rescan</source>
        <translation>Trang cần kiểm tra: A chấp nhận, D bỏ trang, S tờ tách, P trang thường, R hoặc L xoay, I chèn một trang vào trước, U thay bằng bản quét lại</translation>
    </message>
</context>
<context>
    <name>ScanProfile</name>
    <message>
        <location filename="../../ui/settings.py" line="88" />
        <source>Feeder, A4 colour 300 dpi</source>
        <translation>Khay nạp giấy, A4 màu 300 dpi</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="89" />
        <source>Feeder both sides, A4 colour 300 dpi</source>
        <translation>Khay nạp hai mặt, A4 màu 300 dpi</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="91" />
        <source>Glass, one page, A4 colour 300 dpi</source>
        <translation>Mặt kính, một trang, A4 màu 300 dpi</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="93" />
        <source>ID card on the glass, colour 300 dpi</source>
        <translation>CCCD trên mặt kính, màu 300 dpi</translation>
    </message>
    <message>
        <source>ID card on the glass, colour 600 dpi</source>
        <translation type="vanished">CCCD trên mặt kính, màu 600 dpi</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/station_window.py" line="62" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="66" />
        <source>Scanner (SANE name, escl:URL or camera:N)</source>
        <translation>Máy quét (tên SANE, escl:URL hoặc camera:N)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="67" />
        <source>Resolution (dpi)</source>
        <translation>Độ phân giải (dpi)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="68" />
        <source>Portal address</source>
        <translation>Địa chỉ cổng dịch vụ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="69" />
        <source>Signing with (pkcs11 or pkcs12)</source>
        <translation>Ký bằng (pkcs11 hoặc pkcs12)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="70" />
        <source>PKCS#11 module</source>
        <translation>Thư viện PKCS#11</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="71" />
        <source>Token label</source>
        <translation>Tên thiết bị ký số</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="72" />
        <source>Key label</source>
        <translation>Tên khóa</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="73" />
        <source>PKCS#12 file</source>
        <translation>Tệp PKCS#12</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="74" />
        <source>Station / agency name</source>
        <translation>Tên trạm / cơ quan</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="75" />
        <source>Keep sent dossiers (days)</source>
        <translation>Giữ hồ sơ đã gửi (ngày)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="94" />
        <location filename="../../ui/station_window.py" line="95" />
        <location filename="../../ui/station_window.py" line="96" />
        <source>Language (from the next start)</source>
        <translation>Ngôn ngữ (từ lần mở sau)</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="104" />
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="105" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message>
        <location filename="../../ui/station_window.py" line="135" />
        <source>ScanStation — digitization station</source>
        <translation>ScanStation — trạm số hóa hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="150" />
        <source>Outbox counts</source>
        <translation>Số hồ sơ trong hộp thư đi</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="153" />
        <source>Portal health</source>
        <translation>Tình trạng cổng dịch vụ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="196" />
        <source>Counter</source>
        <translation>Quầy</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="197" />
        <source>Guided</source>
        <translation>Hướng dẫn</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="198" />
        <source>Archive</source>
        <translation>Lưu trữ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="203" />
        <source>Large text</source>
        <translation>Chữ lớn</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="205" />
        <source>Settings…</source>
        <translation>Cài đặt…</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="207" />
        <source>Modes</source>
        <translation>Chế độ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="217" />
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="220" />
        <source>&amp;Dossier</source>
        <translation>&amp;Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="312" />
        <source>Outbox: {0} waiting · {1} sent · {2} failed</source>
        <translation>Hộp thư đi: {0} chờ · {1} đã gửi · {2} lỗi</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="315" />
        <source>Portal: not configured</source>
        <translation>Cổng: chưa cấu hình</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="317" />
        <source>Portal: reachable</source>
        <translation>Cổng: kết nối được</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="319" />
        <source>Portal: unreachable</source>
        <translation>Cổng: không kết nối được</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="333" />
        <source>Unfinished dossier</source>
        <translation>Hồ sơ chưa xong</translation>
    </message>
    <message>
        <location filename="../../ui/station_window.py" line="334" />
        <source>Dossier {0} was not finished ({1} pages). Continue it?</source>
        <translation>Hồ sơ {0} chưa làm xong ({1} trang). Tiếp tục hồ sơ này?</translation>
    </message>
</context>
<context>
    <name>StepScreen</name>
    <message>
        <location filename="../../ui/guided_screens.py" line="77" />
        <source>Picture of this step</source>
        <translation>Hình minh họa bước này</translation>
    </message>
</context>
<context>
    <name>VietnameseDialogs</name>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="70" />
        <source>Images and PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf *.bmp *.webp)</source>
        <translation>Ảnh và PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf *.bmp *.webp)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="78" />
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="79" />
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="89" />
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="90" />
        <location filename="../../ui/dialogs_vi.py" line="110" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="106" />
        <source>Look in:</source>
        <translation>Tìm trong:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="107" />
        <source>File name:</source>
        <translation>Tên tệp:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="108" />
        <source>Files of type:</source>
        <translation>Loại tệp:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs_vi.py" line="109" />
        <source>Open</source>
        <translation>Mở</translation>
    </message>
</context>
</TS>