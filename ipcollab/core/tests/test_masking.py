from hypothesis import given
from hypothesis import strategies as st

from ipcollab.core.masking import mask_email, mask_id_card, mask_name, mask_phone


def test_phone_keeps_prefix_and_last_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("010-62345678") == "010****5678"
    assert mask_phone("") == ""


def test_email_name_id_card():
    assert mask_email("zhangsan@court.gov.cn") == "z***@court.gov.cn"
    assert mask_name("欧阳晓东") == "欧***"
    assert mask_id_card("11010519491231002X") == "110105********002X"


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_mask_phone_never_reveals_middle(number):
    masked = mask_phone(number)
    assert masked[3:7] == "****" and masked[:3] == number[:3] and masked[-4:] == number[-4:]
