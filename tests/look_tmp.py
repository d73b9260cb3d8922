from tests.monthly_seed import ADMIN, seed
from jiedao_desk.ui.main_window import MainWindow

def test_look(qtbot, store, tmp_path, monkeypatch):
    seed(store, tmp_path, monkeypatch)
    w = MainWindow(store, ADMIN)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    for key in ("mediation", "hotline", "enforcement", "forms"):
        w.show_page(key)
        page = w.page(key)
        if key == "mediation":
            page.view.selectRow(0)
        qtbot.wait(100)
        w.grab().save(f"/tmp/look_{key}.png")
