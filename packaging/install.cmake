# Installed like a daemon: cmake --install puts the binary in bin/, and the data files, the
# page, the dashboards and the nginx site in share/jiedao/ (where report::default_data_dir()
# and serve::default_web_dir() look beside the binary), the man page in share/man/man1/, the
# systemd unit and /etc/default/jiedao. CPack makes the .deb of the same (make deb).
include(GNUInstallDirs)

set(JIEDAO_SHARE_DIR ${CMAKE_INSTALL_FULL_DATADIR}/jiedao)
set(JIEDAO_BIN_DIR ${CMAKE_INSTALL_FULL_BINDIR})
configure_file(packaging/systemd/jiedao.service.in ${CMAKE_BINARY_DIR}/jiedao.service @ONLY)

install(TARGETS jiedao RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
file(GLOB JIEDAO_DATA_FILES ${CMAKE_SOURCE_DIR}/data/*.tsv)
install(FILES ${JIEDAO_DATA_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/jiedao)
install(DIRECTORY data/cues/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jiedao/cues FILES_MATCHING PATTERN "*.tsv")
install(DIRECTORY web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jiedao/web)
install(DIRECTORY dashboards/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jiedao/dashboards)
install(DIRECTORY grafana/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jiedao/grafana)
install(FILES packaging/nginx/jiedao.conf DESTINATION ${CMAKE_INSTALL_DATADIR}/jiedao/nginx)
install(FILES ${CMAKE_BINARY_DIR}/jiedao.service DESTINATION lib/systemd/system)
install(FILES packaging/default.jiedao DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/default RENAME jiedao)

# The man page, from --help by help2man (when it is installed: make deps installs it).
find_program(HELP2MAN help2man)
if(HELP2MAN)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/jiedao.1.gz
    COMMAND ${CMAKE_SOURCE_DIR}/packaging/make-man.sh $<TARGET_FILE:jiedao> ${CMAKE_BINARY_DIR}/jiedao.1
    COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/jiedao.1
    DEPENDS jiedao ${CMAKE_SOURCE_DIR}/packaging/make-man.sh
    COMMENT "Making the man page jiedao(1) with help2man")
  add_custom_target(man ALL DEPENDS ${CMAKE_BINARY_DIR}/jiedao.1.gz)
  install(FILES ${CMAKE_BINARY_DIR}/jiedao.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (apt-get install help2man)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jiedao)
set(CPACK_PACKAGE_VENDOR jiedao)
set(CPACK_PACKAGE_CONTACT "jiedao maintainers <jiedao@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "indicators of Shanghai sub-district work reports, as time series")
set(CPACK_PACKAGE_DESCRIPTION "jiedao reads the work reports of Shanghai's sub-districts and towns, extracts every
quantified indicator as a dated fact, and serves the series over an HTTP API, Prometheus
metrics and a built-in page. The package runs the daemon as a hardened systemd service.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Found at run time, not linked: the page's chart library and the zone data of Asia/Shanghai.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libjs-chart.js, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx, prometheus")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles
  ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
  ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
  ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
