# cmake --install: payloadc, libpayload (static and shared), its headers, a pkg-config file and
# the CMake package `payloadc` with payloadc_generate(). Included by the top-level CMakeLists.txt
# after runtime/ and compiler/; see docs/install.md.
#
#   <prefix>/bin/payloadc
#   <prefix>/lib/libpayload.a, libpayload.so -> libpayload.so.<SOVERSION> -> libpayload.so.<VERSION>
#   <prefix>/include/payload.h                  (every header of runtime/include/)
#   <prefix>/lib/pkgconfig/payload.pc
#   <prefix>/lib/cmake/payloadc/                payloadc-config.cmake, -config-version.cmake,
#                                               payloadc-targets*.cmake, PayloadcGenerate.cmake
#
# Everything installed is relocatable: the pkg-config file is relative to ${pcfiledir}, the CMake
# package to its own folder, and no build path is written into an installed file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PAYLOADC_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/payloadc" CACHE STRING
    "Where the CMake package payloadc goes (relative to the install prefix)")
set(PAYLOADC_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig" CACHE STRING
    "Where payload.pc goes (relative to the install prefix)")

# ---- the targets ---------------------------------------------------------------------------

# libpayload.so.<SOVERSION>: before 1.0 every minor version may change the ABI (0.1, 0.2...),
# from 1.0 on the major version alone.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(PAYLOADC_SOVERSION "0.${PROJECT_VERSION_MINOR}")
  set(PAYLOADC_VERSION_COMPATIBILITY SameMinorVersion)
else()
  set(PAYLOADC_SOVERSION "${PROJECT_VERSION_MAJOR}")
  set(PAYLOADC_VERSION_COMPATIBILITY SameMajorVersion)
endif()
set_target_properties(payload_shared PROPERTIES
  VERSION "${PROJECT_VERSION}"
  SOVERSION "${PAYLOADC_SOVERSION}"
  EXPORT_NAME payload_shared)
set_target_properties(payload PROPERTIES EXPORT_NAME payload)
set_target_properties(payloadc PROPERTIES EXPORT_NAME payloadc)

# The same names inside a build tree, so that a project that includes payloadc with
# add_subdirectory() links and generates exactly as it would against an installed one.
if(NOT TARGET payloadc::payload)
  add_library(payloadc::payload ALIAS payload)
  add_library(payloadc::payload_shared ALIAS payload_shared)
  add_executable(payloadc::payloadc ALIAS payloadc)
endif()
include("${CMAKE_CURRENT_LIST_DIR}/PayloadcGenerate.cmake")

# A project that includes payloadc with add_subdirectory() gets the targets and the function,
# and installs payloadc's files only if it asks for them.
if(CMAKE_SOURCE_DIR STREQUAL PROJECT_SOURCE_DIR)
  set(_payloadc_top_level ON)
else()
  set(_payloadc_top_level OFF)
endif()
option(PAYLOADC_INSTALL "Generate the install rules of payloadc" ${_payloadc_top_level})
if(NOT PAYLOADC_INSTALL)
  return()
endif()

# The libraries carry $<INSTALL_INTERFACE:include> themselves (runtime/CMakeLists.txt); a
# different CMAKE_INSTALL_INCLUDEDIR is added to their interface here.
set(_payloadc_includes "")
if(NOT CMAKE_INSTALL_INCLUDEDIR STREQUAL "include")
  set(_payloadc_includes INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()
install(TARGETS payloadc EXPORT payloadcTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(TARGETS payload payload_shared EXPORT payloadcTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  ${_payloadc_includes})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/include/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h")

# ---- the CMake package ---------------------------------------------------------------------

# PAYLOADC_SANITIZE=ON builds libraries that need the sanitizer runtimes at link time: the
# installed package then asks its consumers to link with -fsanitize=address,undefined too.
if(PAYLOADC_SANITIZE)
  set(PAYLOADC_SANITIZE_BOOL TRUE)
else()
  set(PAYLOADC_SANITIZE_BOOL FALSE)
endif()

install(EXPORT payloadcTargets
  NAMESPACE payloadc::
  FILE payloadc-targets.cmake
  DESTINATION "${PAYLOADC_INSTALL_CMAKEDIR}")
configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/payloadc-config.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/payloadc-config.cmake"
  INSTALL_DESTINATION "${PAYLOADC_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/cmake/payloadc-config-version.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY ${PAYLOADC_VERSION_COMPATIBILITY})
install(FILES
  "${PROJECT_BINARY_DIR}/cmake/payloadc-config.cmake"
  "${PROJECT_BINARY_DIR}/cmake/payloadc-config-version.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/PayloadcGenerate.cmake"
  DESTINATION "${PAYLOADC_INSTALL_CMAKEDIR}")

# ---- the pkg-config file -------------------------------------------------------------------

# Paths relative to ${pcfiledir}, so that the installed tree can be moved (an absolute
# CMAKE_INSTALL_<dir> stays absolute).
function(_payloadc_pc_path dir out_var)
  if(IS_ABSOLUTE "${dir}")
    set(${out_var} "${dir}" PARENT_SCOPE)
  else()
    set(${out_var} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
if(IS_ABSOLUTE "${PAYLOADC_INSTALL_PKGCONFIGDIR}")
  set(PAYLOADC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _payloadc_up "/_/${PAYLOADC_INSTALL_PKGCONFIGDIR}" "/_")
  string(REGEX REPLACE "/$" "" _payloadc_up "${_payloadc_up}")
  set(PAYLOADC_PC_PREFIX "\${pcfiledir}/${_payloadc_up}")
endif()
_payloadc_pc_path("${CMAKE_INSTALL_LIBDIR}" PAYLOADC_PC_LIBDIR)
_payloadc_pc_path("${CMAKE_INSTALL_INCLUDEDIR}" PAYLOADC_PC_INCLUDEDIR)
_payloadc_pc_path("${CMAKE_INSTALL_BINDIR}" PAYLOADC_PC_BINDIR)
# What a static link needs beyond libpayload.a (pkg-config --static).
set(PAYLOADC_PC_LIBS_PRIVATE "-lm")
set(PAYLOADC_PC_LINK_FLAGS "")
if(PAYLOADC_SANITIZE)
  string(APPEND PAYLOADC_PC_LINK_FLAGS " -fsanitize=address,undefined")
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/payload.pc.in" "${PROJECT_BINARY_DIR}/cmake/payload.pc"
  @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/cmake/payload.pc"
  DESTINATION "${PAYLOADC_INSTALL_PKGCONFIGDIR}")
