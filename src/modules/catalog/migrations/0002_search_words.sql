-- Search moves into each server process (search-index.ts): an index rebuilt from these rows
-- when the generation changes. The tsvector column and its GIN index are no longer read.
DROP INDEX procedures_search_vector_idx;
ALTER TABLE procedures DROP COLUMN search_vector;

-- The words citizens use for procedures that the catalogue names otherwise: colloquial names,
-- abbreviations, English words. Kept by administrators on /admin/search-words.
CREATE TABLE search_synonyms (
  phrase_key text PRIMARY KEY CHECK (phrase_key ~ '^[a-z0-9]+( [a-z0-9]+){0,4}$'),
  phrase text NOT NULL CHECK (btrim(phrase) <> '' AND length(phrase) <= 60),
  meaning text NOT NULL CHECK (btrim(meaning) <> '' AND length(meaning) <= 200),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);
COMMENT ON TABLE search_synonyms IS 'A query containing phrase (folded: phrase_key) is searched as if meaning had been typed there. Changes bump catalog_state.generation so that every process rebuilds its index.';
COMMENT ON COLUMN search_synonyms.phrase_key IS 'The phrase folded by the application (search-text.ts foldText), one to five syllables; the lookup key.';
COMMENT ON COLUMN search_synonyms.updated_by IS 'Account id of the administrator; null for the starter set shipped with this migration.';

-- How many dossiers each procedure received (by base code, all provinces together): search
-- ranks the procedures people use above the rare ones. Filled from dossier.submitted facts.
CREATE TABLE procedure_uses (
  base_code text PRIMARY KEY CHECK (base_code ~ '^[0-9]\.[0-9]{6}$'),
  uses bigint NOT NULL CHECK (uses >= 0)
);

INSERT INTO search_synonyms (phrase_key, phrase, meaning) VALUES
  ('so do', 'sổ đỏ', 'giấy chứng nhận quyền sử dụng đất'),
  ('bia do', 'bìa đỏ', 'giấy chứng nhận quyền sử dụng đất'),
  ('so hong', 'sổ hồng', 'giấy chứng nhận quyền sử dụng đất quyền sở hữu tài sản gắn liền với đất'),
  ('lam so do', 'làm sổ đỏ', 'đăng ký đất đai cấp giấy chứng nhận quyền sử dụng đất lần đầu'),
  ('sang ten so do', 'sang tên sổ đỏ', 'đăng ký biến động đất đai chuyển nhượng quyền sử dụng đất'),
  ('bang lai', 'bằng lái', 'giấy phép lái xe'),
  ('bang lai xe', 'bằng lái xe', 'giấy phép lái xe'),
  ('gplx', 'GPLX', 'giấy phép lái xe'),
  ('giay doc than', 'giấy độc thân', 'xác nhận tình trạng hôn nhân'),
  ('xac nhan doc than', 'xác nhận độc thân', 'xác nhận tình trạng hôn nhân'),
  ('doc than', 'độc thân', 'tình trạng hôn nhân'),
  ('cccd', 'CCCD', 'thẻ căn cước công dân'),
  ('can cuoc cong dan', 'căn cước công dân', 'thẻ căn cước công dân'),
  ('cmnd', 'CMND', 'thẻ căn cước công dân'),
  ('cmt', 'CMT', 'thẻ căn cước công dân'),
  ('chung minh nhan dan', 'chứng minh nhân dân', 'thẻ căn cước công dân'),
  ('chung minh thu', 'chứng minh thư', 'thẻ căn cước công dân'),
  ('tncn', 'TNCN', 'thu nhập cá nhân'),
  ('tnhh', 'TNHH', 'trách nhiệm hữu hạn'),
  ('mst', 'MST', 'đăng ký thuế'),
  ('ma so thue', 'mã số thuế', 'đăng ký thuế'),
  ('giay phep kinh doanh', 'giấy phép kinh doanh', 'đăng ký thành lập hộ kinh doanh doanh nghiệp'),
  ('gpkd', 'GPKD', 'đăng ký thành lập hộ kinh doanh doanh nghiệp'),
  ('dkkd', 'ĐKKD', 'đăng ký thành lập hộ kinh doanh doanh nghiệp'),
  ('mo cong ty', 'mở công ty', 'đăng ký thành lập công ty doanh nghiệp'),
  ('mo quan', 'mở quán', 'đăng ký thành lập hộ kinh doanh'),
  ('ho khau', 'hộ khẩu', 'đăng ký thường trú'),
  ('nhap khau', 'nhập khẩu', 'đăng ký thường trú'),
  ('kt3', 'KT3', 'đăng ký tạm trú'),
  ('giay chung tu', 'giấy chứng tử', 'đăng ký khai tử'),
  ('bao tu', 'báo tử', 'đăng ký khai tử'),
  ('ban sao giay khai sinh', 'bản sao giấy khai sinh', 'cấp bản sao trích lục hộ tịch'),
  ('sao y', 'sao y', 'chứng thực bản sao từ bản chính'),
  ('lltp', 'LLTP', 'lý lịch tư pháp'),
  ('nvqs', 'NVQS', 'nghĩa vụ quân sự'),
  ('di linh', 'đi lính', 'đăng ký nghĩa vụ quân sự'),
  ('bhyt', 'BHYT', 'bảo hiểm y tế'),
  ('attp', 'ATTP', 'an toàn thực phẩm'),
  ('xay nha', 'xây nhà', 'giấy phép xây dựng nhà ở'),
  ('c o', 'C/O', 'chứng nhận xuất xứ hàng hóa'),
  ('visa', 'visa', 'thị thực'),
  ('passport', 'passport', 'hộ chiếu'),
  ('work permit', 'work permit', 'giấy phép lao động'),
  ('driving licence', 'driving licence', 'giấy phép lái xe'),
  ('driving license', 'driving license', 'giấy phép lái xe'),
  ('driver license', 'driver license', 'giấy phép lái xe'),
  ('birth certificate', 'birth certificate', 'đăng ký khai sinh'),
  ('birth', 'birth', 'khai sinh'),
  ('marriage', 'marriage', 'đăng ký kết hôn'),
  ('id card', 'ID card', 'thẻ căn cước công dân'),
  ('criminal record', 'criminal record', 'lý lịch tư pháp'),
  ('trademark', 'trademark', 'đăng ký nhãn hiệu'),
  ('building permit', 'building permit', 'giấy phép xây dựng'),
  ('business registration', 'business registration', 'đăng ký thành lập hộ kinh doanh doanh nghiệp'),
  ('tax refund', 'tax refund', 'hoàn thuế thu nhập cá nhân'),
  ('nationality', 'nationality', 'quốc tịch'),
  ('adoption', 'adoption', 'nuôi con nuôi'),
  ('thua ke', 'thừa kế', 'phân chia di sản'),
  ('xe may', 'xe máy', 'xe'),
  ('bao hiem that nghiep', 'bảo hiểm thất nghiệp', 'trợ cấp thất nghiệp');
