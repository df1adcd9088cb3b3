<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="en">
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
</TS>