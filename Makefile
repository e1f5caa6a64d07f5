# The book's two commands (README.md): `make book` and `make test`.
# Both create .venv with the pinned dependencies the first time and reuse it after.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Figures reach the book through IPython's inline backend; a backend set in the
# environment (MPLBACKEND=Agg, say) would turn every figure into "<Figure size ...>".
unexport MPLBACKEND
STAMP  := $(VENV)/.installed
# Test tools that Binder does not need, each installed from its own file with its own stamp.
NBGRADER_STAMP := $(VENV)/.installed-nbgrader
BROWSER_STAMP  := $(VENV)/.installed-browser
JB_FLAGS := -W -n --keep-going

.PHONY: book test student assignments browser-test pdf student-pdf tex setup chapter lint benchmarks lock clean clean-all help

help:
	@echo "make book     set up .venv and build the HTML book into _build/html"
	@echo "make test     set up .venv and run every check: unit tests, doctests, every chapter, the book build"
	@echo "make chapter NAME=activations   run one chapter's cells as tests"
	@echo "make student                    build the student edition (no solutions)"
	@echo "make assignments                write the exercise notebooks (stubs and checks) into _build/assignments"
	@echo "make browser-test               open every built page (and the student edition) offline in headless Chromium"
	@echo "make pdf                        the whole book as one PDF (XeLaTeX), linked from the HTML book"
	@echo "make student-pdf                the student edition as one PDF (no solutions)"
	@echo "make lint                       ruff check and format check of the Python sources"
	@echo "make benchmarks                 time the stable numerics and the network"
	@echo "make clean    remove the built book and its execution cache"

# Set-up: reinstalls only when the pinned dependencies change.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $(STAMP)

setup: $(STAMP)

# nbgrader, for the test that hands out and grades an assignment notebook with it.
$(NBGRADER_STAMP): tests/requirements-nbgrader.txt constraints.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r tests/requirements-nbgrader.txt -c constraints.txt
	touch $@

# Playwright and JupyterLab, for the browser tests.
$(BROWSER_STAMP): tests/browser/requirements.txt constraints.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r tests/browser/requirements.txt -c constraints.txt
	touch $@

# The HTML book. Chapters are executed once and cached (_build/.jupyter_cache);
# only an edited chapter is executed again.
book: $(STAMP) _build/.nnmath-sources
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

PY_SOURCES := code tests benchmarks tools _ext conftest.py

# Every check: lint, unit tests, doctests, every chapter under nbval, then the book
# with warnings as errors.
test: $(STAMP) $(NBGRADER_STAMP) lint
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory book

# The execution cache is keyed on each chapter's own text: when nnmath or an installed
# package (a new NumPy, say: the lock or the requirements changed) changes, every chapter
# must run again, so the cache and the parsed pages are dropped.
_build/.nnmath-sources: $(wildcard code/nnmath/*.py) $(STAMP)
	rm -rf _build/.jupyter_cache _build/.doctrees
	mkdir -p _build
	touch $@

ifneq ($(filter chapter,$(MAKECMDGOALS)),)
ifeq ($(strip $(NAME)),)
$(error make chapter needs NAME, a chapter's file in book/ without .md: make chapter NAME=activations)
endif
endif
chapter: $(STAMP)
	$(BIN)/python -m pytest book/$(NAME).md

# The student edition: every chapter without its solutions, executed and built into
# _build/student/src/_build/html (tools/student_edition.py).
student: $(STAMP)
	$(BIN)/python tools/student_edition.py --build

# The assignment notebooks: one per chapter with exercises, each solution replaced by a
# stub and followed by the exercise's check, in _build/assignments (tools/assignments.py).
# Each notebook is run once, without solutions, to fill in the numbers and figures.
assignments: $(STAMP)
	$(BIN)/python tools/assignments.py

# The built book and its student edition opened offline in headless Chromium
# (Debian: apt-get install chromium).
browser-test: book student $(BROWSER_STAMP)
	$(BIN)/python -m pytest tests/browser --browser

# The PDF: Jupyter Book's LaTeX builder, typeset by XeLaTeX (latexmk), into
# _build/latex, then copied into the HTML book, whose intro page links to it, and opened
# by tests/pdf. TeX comes from Debian's packages, installed when missing (about 110 MB
# to download; `tex`). The student edition gets its own PDF, without the solutions.
PDF := mathematics-of-neural-networks.pdf
STUDENT_SRC := _build/student/src
TEX_PACKAGES := texlive-xetex texlive-fonts-recommended latexmk fonts-freefont-otf \
	fonts-dejavu-core poppler-utils

tex:
	bash tools/install_debian_packages.sh $(TEX_PACKAGES)

# $(1): the book's source folder. latexmk starts afresh: after a failed run it may
# otherwise report "nothing to do".
define build-pdf
rm -rf $(1)/_build/latex
$(BIN)/jupyter-book build $(1) --builder pdflatex $(JB_FLAGS)
cp $(1)/_build/latex/$(PDF) $(1)/_build/html/_static/$(PDF)
endef

pdf: tex book
	$(call build-pdf,.)
	$(BIN)/python -m pytest tests/pdf --pdf=book
	@echo "The PDF is at $(CURDIR)/_build/latex/$(PDF)"

student-pdf: tex student
	$(call build-pdf,$(STUDENT_SRC))
	$(BIN)/python -m pytest tests/pdf --pdf=student
	@echo "The student edition's PDF is at $(CURDIR)/$(STUDENT_SRC)/_build/latex/$(PDF)"

lint: $(STAMP)
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)

benchmarks: $(STAMP)
	$(BIN)/python -m benchmarks

# Regenerate constraints.txt: resolve requirements.txt and the test tools' requirements
# afresh, together, in a throw-away environment and record every installed version.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt \
	  -r tests/requirements-nbgrader.txt -r tests/browser/requirements.txt
	{ echo "# Full lock of every package the book installs (generated by 'make lock'; do not edit by hand)."; \
	  echo "# Used with requirements.txt by the Makefile: pip install -r requirements.txt -c constraints.txt"; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf _build

clean-all: clean
	rm -rf $(VENV) .pytest_cache .hypothesis
